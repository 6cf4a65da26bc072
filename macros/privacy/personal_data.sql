{#- Personal data is known by its column tags, `config: meta:
    {personal_data: <category>}` in the YAML. Erasure and the tests read the
    tags, so tagging a column is all it takes to have it erased. -#}

{% macro personal_data_categories() %}
    {#- The documented categories (overview page, "Personal data"). -#}
    {{ return([
        'name', 'email', 'phone', 'date_of_birth', 'postcode',
        'user_id', 'raw_text', 'event_time', 'pseudonym',
    ]) }}
{% endmacro %}


{% macro personal_data_category(column) %}
    {#- A column's category, or none. dbt 1.10 moved column meta under
        `config`; the manifest keeps a copy in `meta`. -#}
    {%- set meta = (column.get('config') or {}).get('meta') or column.get('meta') or {} -%}
    {{ return(meta.get('personal_data')) }}
{% endmacro %}


{% macro personal_data_relations() %}
    {#- Every relation holding personal data, from the column tags of this
        project's models and snapshots, and the published copies of the
        marts: the one list erasure works through. Each entry:
          name       schema.identifier, for messages
          relation   the relation, none while it is not built
          columns    its tagged columns, less pseudonyms (which erasure keeps)
          find_by    'person': rows found by (country_code, source_user_id);
                     'line': by (source_file, line_number), for tables with no user id
          has_lines  whether it also has source_file and line_number
          action     'delete_rows' (model meta `erasure: delete_rows`) or 'null_values'
        A tagged relation with neither pair of columns stops the run: its
        rows could not be erased. -#}
    {%- set relations = [] -%}
    {#- A view holds nothing: what it shows is erased in the table it reads. -#}
    {%- for node in graph.nodes.values()
        if node.resource_type in ('model', 'snapshot') and node.package_name == project_name
        and node.config.materialized != 'view' -%}
        {%- set columns = [] -%}
        {%- for column in node.columns.values() -%}
            {%- set category = personal_data_category(column) -%}
            {%- if category is not none and category not in personal_data_categories() -%}
                {{ exceptions.raise_compiler_error(
                    node.name ~ "." ~ column.name ~ ": personal_data category '" ~ category
                    ~ "' is not one of " ~ personal_data_categories() | join(', ') ~ "."
                ) }}
            {%- endif -%}
            {%- if category not in (none, 'pseudonym') -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if columns -%}
            {%- set names = node.columns.keys() | list -%}
            {%- set has_lines = 'source_file' in names and 'line_number' in names -%}
            {%- if 'country_code' in names and 'source_user_id' in names -%}
                {%- set find_by = 'person' -%}
            {%- elif has_lines -%}
                {%- set find_by = 'line' -%}
            {%- else -%}
                {{ exceptions.raise_compiler_error(
                    node.name ~ " has personal_data columns but neither (country_code, source_user_id) nor "
                    ~ "(source_file, line_number) to find a person's rows by: erasure could not reach them."
                ) }}
            {%- endif -%}
            {#- A published mart has two copies: audited and published. -#}
            {%- for schema in [node.schema, node.config.meta.get('published_schema')] if schema -%}
                {%- do relations.append({
                    'name': schema ~ '.' ~ node.alias,
                    'relation': adapter.get_relation(node.database, schema, node.alias) if execute else none,
                    'columns': columns,
                    'find_by': find_by,
                    'has_lines': has_lines,
                    'action': node.config.meta.get('erasure', 'null_values'),
                }) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(relations) }}
{% endmacro %}
