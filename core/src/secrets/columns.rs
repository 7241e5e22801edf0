//! Where secrets are sealed: every `*_enc` column of the schema, found in the database itself so
//! that a column added later is never missed by a master-key rotation, and the row key each
//! table's contexts are made of.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::db::Db;
use crate::error::{CoreError, CoreResult};

/// A table with sealed columns, and the columns (in order) whose values, joined with `:`, are
/// the row key of its contexts: the value in `x_enc` is sealed for `table.x:{row key}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SealedTable {
    pub table: &'static str,
    pub row_key: &'static [&'static str],
}

/// Every table that holds sealed columns. A sealed column in a table missing here stops a
/// rotation before it writes anything (and fails `every_sealed_column_has_a_known_row_key`).
pub const SEALED_TABLES: &[SealedTable] = &[
    SealedTable {
        table: "components",
        row_key: &["appid"],
    },
    SealedTable {
        table: "access_tokens",
        row_key: &["component_id", "authorizer_appid"],
    },
    SealedTable {
        table: "authorizers",
        row_key: &["component_id", "appid"],
    },
    SealedTable {
        table: "events",
        row_key: &["dedupe_key"],
    },
    SealedTable {
        table: "messages",
        row_key: &["dedupe_key"],
    },
    SealedTable {
        table: "auth_links",
        row_key: &["id"],
    },
    SealedTable {
        table: "registration_tasks",
        row_key: &["id"],
    },
    SealedTable {
        table: "oauth_states",
        row_key: &["id"],
    },
    SealedTable {
        table: "alert_channels",
        row_key: &["id"],
    },
];

/// One sealed column of one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedColumn {
    pub table: SealedTable,
    /// The column's name, ending in `_enc`.
    pub column: String,
}

impl SealedColumn {
    /// `table.column` (for progress and reports).
    pub fn name(&self) -> String {
        format!("{}.{}", self.table.table, self.column)
    }

    /// The context a value of this column is sealed for, from its row key's values.
    pub fn context(&self, row_key: &[String]) -> String {
        let column = self.column.strip_suffix("_enc").unwrap_or(&self.column);
        format!("{}.{column}:{}", self.table.table, row_key.join(":"))
    }
}

/// Every sealed column of the database's schema, by table and column name. A sealed column in
/// a table without a known row key is an error naming it: re-sealing it with a guessed context
/// would make it unreadable.
pub async fn discover(db: &Db) -> CoreResult<Vec<SealedColumn>> {
    let (mut columns, mut unknown) = (Vec::new(), Vec::new());
    for (table, column) in schema_columns(db).await? {
        if !column.ends_with("_enc") {
            continue;
        }
        match SEALED_TABLES.iter().find(|t| t.table == table) {
            Some(t) => columns.push(SealedColumn { table: *t, column }),
            None => unknown.push(format!("{table}.{column}")),
        }
    }
    if !unknown.is_empty() {
        return Err(CoreError::Internal(format!(
            "sealed columns in tables without a known row key (add them to secrets::columns::SEALED_TABLES): {}",
            unknown.join(", ")
        )));
    }
    columns.sort_by_key(SealedColumn::name);
    Ok(columns)
}

/// (table, column) of every column of the application's tables.
async fn schema_columns(db: &Db) -> CoreResult<Vec<(String, String)>> {
    let backend = db.backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c \
             FROM information_schema.columns WHERE table_schema = current_schema()"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
    };
    let rows = db
        .conn()
        .query_all(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String>("", "t")?, r.try_get::<String>("", "c")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_follow_table_column_and_row_key() {
        let c = SealedColumn {
            table: SEALED_TABLES[1],
            column: "token_enc".into(),
        };
        assert_eq!(c.name(), "access_tokens.token_enc");
        assert_eq!(
            c.context(&["7".into(), "wx1".into()]),
            "access_tokens.token:7:wx1"
        );
        assert_eq!(
            c.context(&["7".into(), String::new()]),
            "access_tokens.token:7:",
            "a platform's own token has an empty authorizer"
        );
    }
}
