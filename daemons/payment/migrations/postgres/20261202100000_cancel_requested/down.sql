DROP TABLE payment_cancellations;
