DROP TABLE sandbox_ledger;
DROP TABLE payment_log;
DROP TABLE refunds;
DROP TABLE payments;
