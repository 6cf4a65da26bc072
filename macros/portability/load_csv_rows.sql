{% macro spark__load_csv_rows(model, agate_table) %}
    {#- dbt-spark's session method puts seed values into its insert between
        quotes without escaping them: `Côte d'Ivoire` breaks the statement.
        The same insert, each value an escaped literal (sql_literal). -#}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            ({%- for value in row -%}
                {%- set column_type = column_override.get(agate_table.column_names[loop.index0],
                    adapter.convert_type(agate_table, loop.index0)) -%}
                cast({{ sql_literal(none if value is none else value | string) }} as {{ column_type }})
                {{- ', ' if not loop.last -}}
            {%- endfor -%}){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
