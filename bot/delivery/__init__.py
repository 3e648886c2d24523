"""What is due to whom: the deliveries ledger, the sender that drains it, and the outcomes it acts on."""
