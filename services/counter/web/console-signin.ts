/**
 * The console's staff sign-in (issue 22): the counter app's OpenID Connect client (authorization
 * code + PKCE, tokens in memory only), bundled into the console's /ui/signin.js (services/ops-console/src/web/signin.controller.ts). app.js asks `lienthongToken()`
 * for the token and hears `lienthong:signed-in`; the pasted-token form is hidden once sign-in is
 * configured.
 */
import { type PublicConfig, completeSignIn, signIn, signOut, signedIn, token } from './auth';

declare global {
  interface Window {
    lienthongToken?: () => string | undefined;
  }
}

function button(id: string, label: string, onclick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = label;
  b.addEventListener('click', onclick);
  return b;
}

async function start(): Promise<void> {
  const config = (await (await fetch('/ui/signin-config.json')).json()) as (PublicConfig & { enabled: true }) | { enabled: false };
  if (!config.enabled) return;
  window.lienthongToken = token;
  const form = document.getElementById('token-form');
  const who = document.getElementById('who');
  for (const id of ['token', 'token-label']) document.getElementById(id)?.setAttribute('hidden', '');
  form?.querySelectorAll('label, input, button').forEach((e) => e.setAttribute('hidden', ''));
  const slot = document.createElement('span');
  slot.id = 'signin-slot';
  form?.parentElement?.insertBefore(slot, form);
  try {
    await completeSignIn(config);
  } catch {
    slot.textContent = 'Không đăng nhập được; hãy thử lại. ';
  }
  const staff = signedIn();
  if (staff) {
    slot.append(button('signout', 'Đăng xuất', () => void signOut(config)));
    if (who) who.textContent = `${staff.name} (${staff.roles.join(', ')})`;
    window.dispatchEvent(new CustomEvent('lienthong:signed-in'));
  } else {
    slot.append(button('signin', 'Đăng nhập', () => void signIn(config)));
  }
}

void start();
