"""Officer console and the APIs other systems call: transactions, SIPAS report."""
