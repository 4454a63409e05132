// Payments against a contract: invoices received and paid, the 30-day payment clock, and the figures published.
export * from './payment.events';
export * from './payments';
