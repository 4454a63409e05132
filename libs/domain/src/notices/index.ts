// Procurement Act 2023 notices: drafted from the record, approved by a person, published on the central platform.
export * from './notice.events';
export * from './notice.commands';
export * from './notice.ledger';
