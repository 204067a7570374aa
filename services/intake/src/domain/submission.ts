import type { ApplicationSubmitted, BundleCode, ProcedureCode } from '@lienthong/contracts';
import type { FieldError } from './errors';
import { localDate } from '@lienthong/working-calendar';

/** What the counter or portal sends; the service adds id, dossier code, times and attachment ids. */
export type Submission = Omit<ApplicationSubmitted, 'applicationId' | 'dossierCode' | 'submittedAt' | 'dueAt'>;

/** The procedures of each bundle (DESIGN.md table), in the order they run. */
export const BundleProcedures: Readonly<Record<BundleCode, readonly ProcedureCode[]>> = {
  'death-2in1': ['death-registration', 'residence-deregistration'],
  'death-3in1': ['death-registration', 'residence-deregistration', 'funeral-allowance'],
};

export { localDate };

/**
 * The rules the DTO cannot express (DOMAIN.md step 3 and the bundle): checked before
 * anything is stored. `today` is the local date of the submission.
 */
export function validateSubmission(s: Submission, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const { dateOfBirth, dateOfDeath } = s.deceased;
  if (dateOfDeath < dateOfBirth) {
    errors.push({ field: 'deceased.dateOfDeath', message: 'dateOfDeath must not be before dateOfBirth' });
  }
  if (dateOfDeath > today) errors.push({ field: 'deceased.dateOfDeath', message: 'dateOfDeath must not be in the future' });
  if (dateOfBirth > today) errors.push({ field: 'deceased.dateOfBirth', message: 'dateOfBirth must not be in the future' });
  const proof = s.deathNotice ?? s.replacingDocument;
  const proofField = s.deathNotice ? 'deathNotice.date' : 'replacingDocument.date';
  if (!proof) errors.push({ field: 'deathNotice', message: 'deathNotice or replacingDocument is required' });
  else if (proof.date < dateOfDeath) errors.push({ field: proofField, message: 'the document cannot be dated before the death' });
  else if (proof.date > today) errors.push({ field: proofField, message: 'the document cannot be dated in the future' });
  if (s.bundle === 'death-3in1' && !s.funeral) {
    errors.push({ field: 'funeral', message: 'funeral is required for the death-3in1 bundle' });
  }
  if (s.bundle !== 'death-3in1' && s.funeral) {
    errors.push({ field: 'funeral', message: 'funeral must be absent unless the bundle is death-3in1' });
  }
  if (s.funeral?.paymentMethod === 'bank' && !s.funeral.bankAccount) {
    errors.push({ field: 'funeral.bankAccount', message: 'bankAccount is required when paymentMethod is bank' });
  }
  if (s.funeral && s.funeral.paymentMethod !== 'bank' && s.funeral.bankAccount) {
    errors.push({ field: 'funeral.bankAccount', message: 'bankAccount must be absent unless paymentMethod is bank' });
  }
  if (s.requester.notifyBy === 'email' && !s.requester.email) {
    errors.push({ field: 'requester.email', message: 'email is required when notifyBy is email' });
  }
  if (s.requester.personalId === s.deceased.personalId) {
    errors.push({ field: 'requester.personalId', message: 'the requester cannot be the deceased' });
  }
  if (s.residence?.newHeadPersonalId === s.deceased.personalId) {
    errors.push({ field: 'residence.newHeadPersonalId', message: 'the new head of household cannot be the deceased' });
  }
  return errors;
}
