-- Up Migration

-- Invoices received against each contract and their payment: what an authority's payments compliance figures
-- (Procurement Act 2023 s69, the UK8 notice) are counted from.
CREATE TABLE reporting.invoices (
  contract_id text NOT NULL,
  invoice_id text NOT NULL,
  organisation text NOT NULL,
  provider_organisation text,
  amount_pence bigint NOT NULL,
  received_on date NOT NULL,
  due_on date NOT NULL,
  paid_on date,
  overdue_on date,
  PRIMARY KEY (contract_id, invoice_id)
);
CREATE INDEX invoices_organisation ON reporting.invoices (organisation, received_on);
CREATE INDEX invoices_provider ON reporting.invoices (provider_organisation, received_on);
