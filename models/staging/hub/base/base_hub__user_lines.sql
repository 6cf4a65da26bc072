-- Every line of every user file in the Hub, as delivered (line 1: header).
with hub_lines as (
    {{ read_hub_lines('users') }}
)

select * from hub_lines
