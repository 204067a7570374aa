import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters.controller';

/** `/ops/v1/dead-letters` in every service (serviceModule imports it). */
@Module({ controllers: [DeadLettersController] })
export class DeadLettersModule {}
