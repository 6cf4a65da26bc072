-- Every line of every login file in the Hub, as delivered (line 1: header).
-- Incremental: a run reads only the files that landed since the last run.
{{ config(materialized='incremental') }}

with hub_lines as (
    {{ read_hub_lines('logins') }}
)

select * from hub_lines
-- Checked before anything is stored: a file that breaks the contract
-- (header or encoding) stops the run and is read again once the app
-- re-delivers it.
where
    (line_number > 1 or {{ header_within_contract('logins') }})
    and {{ decoded_as_registered() }}
