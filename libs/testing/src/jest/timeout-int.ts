// Integration tests start real servers and consumer groups: allow a minute per test.
jest.setTimeout(60_000);
