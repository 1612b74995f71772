"""Dagster definitions: dlt assets per connection, dbt assets, the warehouse writer pool and jobs."""
