import { BaseRpcContext } from '@nestjs/microservices';
import { EventStoreTransaction } from '@lienthong/event-store';
import { InboundMessage } from '../types';

/**
 * What `@Ctx()` gives a handler run by KafkaInboxServer: the decoded message with its envelope,
 * and the inbox transaction. Append through `ctx.tx` so the events commit with the inbox row.
 */
export class InboxContext extends BaseRpcContext<[InboundMessage, EventStoreTransaction]> {
  get message(): InboundMessage {
    return this.args[0];
  }

  get tx(): EventStoreTransaction {
    return this.args[1];
  }
}
