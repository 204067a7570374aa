import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor, IfMatch, Roles, etag, ProblemDetailsDto, StaffApi } from '@lienthong/platform';
import { PaymentOrderDto, RecordPaymentDto } from './payment-orders.dto';
import { PaymentOrders } from './payment-orders.service';

@StaffApi('payment-orders', 'Wrong role, or another unit\'s payment order (FORBIDDEN_ROLE, FORBIDDEN_UNIT, OFFICER_UNIT_MISSING)')
@Controller('api/v1/payment-orders')
export class PaymentOrdersController {
  constructor(private readonly orders: PaymentOrders) {}

  @Get(':id')
  @Roles('social-protection-officer', 'administrator')
  @ApiOperation({ summary: 'A payment order: ordered, paid, or failed with its reason' })
  @ApiOkResponse({ type: PaymentOrderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentOrderDto> {
    const order = await this.orders.read(id, actor);
    res.setHeader('ETag', etag(order.version));
    return order;
  }

  @Post(':id/payment')
  @HttpCode(HttpStatus.OK)
  @Roles('social-protection-officer', 'administrator')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read with the order (optional)' })
  @ApiOperation({ summary: 'Record that the payment was made, or failed with a reason (publishes PaymentMade / PaymentFailed)' })
  @ApiOkResponse({ type: PaymentOrderDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The outcome was already recorded' })
  async record(
    @Param('id') id: string,
    @Body() body: RecordPaymentDto,
    @IfMatch() ifMatch: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentOrderDto> {
    const order = await this.orders.record(id, body, actor, ifMatch);
    res.setHeader('ETag', etag(order.version));
    return order;
  }
}
