export { startMailCatcher, type MailCatcher, type MailCatcherOptions, type CaughtMail, type CaughtSms } from './catcher';
