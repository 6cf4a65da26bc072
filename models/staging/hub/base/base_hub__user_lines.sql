-- Every line of every user file in the Hub, as delivered (line 1: header).
-- Incremental: a run reads only the files that landed since the last run.
{{ config(materialized='incremental') }}

with hub_lines as (
    {{ read_hub_lines('users') }}
)

select * from hub_lines
