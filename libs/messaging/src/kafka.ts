import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSource } from './types';

export const toKafka = (source: KafkaSource, clientId: string): Kafka =>
  source instanceof Kafka
    ? source
    : new Kafka({ clientId: source.clientId ?? clientId, brokers: source.brokers, logLevel: logLevel.WARN });
