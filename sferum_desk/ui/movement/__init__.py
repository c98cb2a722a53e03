"""Movement: transfers, leavers, the new school year, destruction acts."""
