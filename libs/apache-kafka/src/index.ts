export { type ApacheKafka, type ApacheKafkaOptions, type KafkaNode, clusterId, nodeConfig, startApacheKafka } from './cluster';
export { MissingToolError, brokerClasspath, checkTools, kafkaVersion } from './classpath';
