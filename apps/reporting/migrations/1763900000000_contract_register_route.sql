-- Up Migration

-- The route decided for the contract (tender, direct-award or grant); null until the route is decided.
ALTER TABLE reporting.contract_register ADD COLUMN route text;

-- Down Migration

ALTER TABLE reporting.contract_register DROP COLUMN route;
