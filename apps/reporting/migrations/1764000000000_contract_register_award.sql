-- Up Migration

-- From the award on: who the supplier is, what the contract is worth, its term and when it went live.
ALTER TABLE reporting.contract_register
  ADD COLUMN supplier_organisation text,
  ADD COLUMN supplier_name text,
  -- In pence: the value awarded, then the value of the contract as issued.
  ADD COLUMN value_pence bigint CHECK (value_pence >= 0),
  ADD COLUMN start_date date,
  ADD COLUMN end_date date,
  ADD COLUMN activated_on date,
  ADD CONSTRAINT contract_register_supplier_whole CHECK ((supplier_organisation IS NULL) = (supplier_name IS NULL));

-- A direct award or a grant used to go from its specification straight to 'contract-issue'. That stage now means
-- awarded, and the one before it, the supplier still to be named, is 'award'. Nothing could be awarded before this
-- migration, so every 'contract-issue' row is at 'award'.
UPDATE reporting.contract_register SET stage = 'award' WHERE stage = 'contract-issue';

-- Down Migration

UPDATE reporting.contract_register SET stage = 'contract-issue' WHERE stage IN ('award', 'mobilisation', 'active');

ALTER TABLE reporting.contract_register
  DROP CONSTRAINT contract_register_supplier_whole,
  DROP COLUMN activated_on,
  DROP COLUMN end_date,
  DROP COLUMN start_date,
  DROP COLUMN value_pence,
  DROP COLUMN supplier_name,
  DROP COLUMN supplier_organisation;
