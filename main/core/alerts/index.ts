/** Alerts (issue 18): "down for N minutes" and "back up" to a webhook and/or e-mail. */
export {
  attachAlerts,
  type AlertSource,
  type AlertsHandle,
  type AttachAlertsOptions,
} from './attach';
export { alertsConfigOf, minutesFor, type AlertsConfig } from './config';
export type { DeliveryResult } from './destination';
export { sendTestAlert, type DeliveryOptions } from './outboxes';
export { AlertsSchema, type AlertsSection, type AlertsSectionInput } from './schema';
