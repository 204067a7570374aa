export { createTestDatabase, assertTestDatabase, testAdminUrl, databaseName, withAdmin, type TestDatabase } from './database';
export { uniqueName, testKafkaBrokers } from './names';
export {
  deciderSpec,
  type SpecDecider,
  type DeciderSpec,
  type GivenStep,
  type WhenStep,
  type ThrownMatcher,
} from './decider-spec';
export { PG_ADMIN_URL_ENV, IDENTITY_DIR_ENV } from './jest/infra';
export { testToken, bearer, type TestTokenOptions } from './tokens';
export { startTestService, type TestService } from './service';
export { freePort } from './jest/free-port';
export { startGroupAtEnd } from './consumer-groups';
export { KafkaDouble, type KafkaDoubleOptions, type KafkaRecord, type RecordMatch, type WaitOptions, type ProduceOptions, type Produced } from './kafka-double';
