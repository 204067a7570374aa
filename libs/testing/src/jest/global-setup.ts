// Replaced by the libs/testing work: starts embedded PostgreSQL and the dev broker once per run.
export default async function globalSetup(): Promise<void> {}
