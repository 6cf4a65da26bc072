{% macro hub_subfolders() %}
    {#- Folders inside the Hub's folders (`uk/archive`), which are not read:
        check_hub names those inside a country folder. -#}
    {{ return(adapter.dispatch('hub_subfolders')()) }}
{% endmacro %}

{% macro default__hub_subfolders() %}
    {{ return(run_query(
        "select regexp_extract(file, '([^/]+/[^/]+)/$', 1) as folder from glob(" ~ hub_glob('*/*/') ~ ") order by 1"
    ).columns[0].values()) }}
{% endmacro %}

{% macro spark__hub_subfolders() %}
    {#- Spark lists files, not folders: those in a sub-folder name it (an
        empty sub-folder is not seen). -#}
    {{ return(run_query(
        "select distinct regexp_extract(relative_path, '^([^/]+/[^/]+)/', 1) as folder from hub.folder_files"
        ~ " where relative_path rlike '^[^/]+/[^/]+/' order by 1"
    ).columns[0].values()) }}
{% endmacro %}
