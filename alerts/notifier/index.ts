/** alerts/notifier: the notification outbox and its delivery to receivers. */
export { deliverDue, backoffMs, type DeliverOptions, type DeliverResult, type Sender } from "./deliver";
export { webhookPayload, alertmanagerAlerts, type Notification, type NotifiedAlert } from "./payload";
