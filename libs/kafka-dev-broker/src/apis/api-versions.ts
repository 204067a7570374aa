import { type ApiSpec, ErrorCode } from '../protocol/api';
import type { Writer } from '../protocol/writer';

export const API_VERSIONS_KEY = 18;

/** v0 body (also the answer to an unsupported ApiVersions version, as Kafka does). */
export function writeApiVersionsV0(out: Writer, specs: readonly ApiSpec[], error: number): void {
  out.int16(error);
  out.array(specs, (w, s) => w.int16(s.key).int16(s.minVersion).int16(s.maxVersion));
}

/**
 * ApiVersions 0-3. v3 is flexible (request header v2, compact body) but its response header
 * stays v0; librdkafka sends v3 first, kafkajs v2.
 */
export function apiVersionsApi(specs: () => readonly ApiSpec[]): ApiSpec {
  return {
    key: API_VERSIONS_KEY,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 3,
    firstFlexibleVersion: 3,
    handle(ctx, body, out) {
      const list = [...specs()].sort((a, b) => a.key - b.key);
      if (ctx.apiVersion >= 3) {
        body.compactNullableString(); // client_software_name
        body.compactNullableString(); // client_software_version
        body.taggedFields();
        out.int16(ErrorCode.NONE);
        out.compactArray(list, (w, s) => w.int16(s.key).int16(s.minVersion).int16(s.maxVersion).emptyTaggedFields());
        out.int32(0);
        out.emptyTaggedFields();
        return;
      }
      writeApiVersionsV0(out, list, ErrorCode.NONE);
      if (ctx.apiVersion >= 1) out.int32(0);
    },
  };
}
