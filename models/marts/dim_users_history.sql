-- Every version of every user: a new version each time a delivery changes
-- any detail. Each run rebuilds the whole history of the users that new
-- deliveries mention (replacing theirs by user_key), so it always equals a
-- rebuild from the Hub alone.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key='user_key',
    )
}}

with user_lines as (
    select * from {{ ref('int_users_validated') }}
),

{% if is_incremental() %}
    mentioned as (
        select distinct
            country_code,
            source_user_id
        from user_lines
        where
            line_status = 'loaded'
            and {{ processed_since_last_run() }}
    ),
{% endif %}

loaded_users as (
    select user_lines.*
    from user_lines
    {% if is_incremental() %}
        inner join mentioned
            on
                user_lines.country_code = mentioned.country_code
                and user_lines.source_user_id = mentioned.source_user_id
    {% endif %}
    where
        user_lines.line_status = 'loaded'
        -- A loaded line has a user id unless its person was erased on
        -- request (erase_personal_data): such a line names nobody.
        and user_lines.source_user_id is not null
),

delivery_versions as (
    -- Within one file, a later line corrects an earlier one.
    select *
    from (
        select
            *,
            row_number() over (
                partition by country_code, source_user_id, source_file
                order by line_number desc
            ) as line_recency
        from loaded_users
    ) as ranked_lines
    where line_recency = 1
),

sequenced as (
    select
        delivery_versions.*,
        {{ generate_surrogate_key([
            'first_name', 'last_name', 'email', 'date_of_birth',
            'postcode', 'phone_e164', 'signup_date',
        ]) }} as details_hash,
        row_number() over (
            partition by delivery_versions.country_code, delivery_versions.source_user_id
            order by {{ delivery_order('delivery_versions') }}
        ) as delivery_sequence
    from delivery_versions
),

changes_only as (
    select *
    from (
        select
            *,
            lag(details_hash) over (
                partition by country_code, source_user_id
                order by delivery_sequence
            ) as previous_details_hash
        from sequenced
    ) as compared
    where previous_details_hash is null or previous_details_hash <> details_hash
),

final as (
    select
        {{ generate_surrogate_key(['country_code', 'source_user_id', 'source_file']) }} as user_version_key,
        {{ generate_surrogate_key(['country_code', 'source_user_id']) }} as user_key,
        country_code,
        source_user_id,
        cast(row_number() over (
            partition by country_code, source_user_id
            order by delivery_sequence
        ) as integer) as version_number,
        first_name,
        last_name,
        email,
        date_of_birth,
        postcode,
        postcode_area,
        phone_e164,
        signup_date,
        source_file,
        line_number,
        delivery_date as valid_from,
        lead(delivery_date) over (
            partition by country_code, source_user_id
            order by delivery_sequence
        ) as valid_to,
        lead(delivery_sequence) over (
            partition by country_code, source_user_id
            order by delivery_sequence
        ) is null as is_current,
        {{ run_started_at_timestamp() }} as processed_at
    from changes_only
)

select * from final
