/** oidc-provider ships no CommonJS-visible types; dev-oidc-provider.ts describes the part it uses. */
declare module 'oidc-provider';
