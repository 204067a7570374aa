// End-to-end tests start whole services as processes: allow three minutes per test.
jest.setTimeout(180_000);
