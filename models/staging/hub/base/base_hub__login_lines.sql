-- Every line of every login file in the Hub, as delivered (line 1: header).
with hub_lines as (
    {{ read_hub_lines('logins') }}
)

select * from hub_lines
