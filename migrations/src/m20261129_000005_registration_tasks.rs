//! Fast-registration tasks: one row per attempt with its inputs (personal data sealed), WeChat's
//! answers and the resulting mini program, and a timeline of every change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, integer, string_len, string_len_null, text, text_null,
};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Components {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RegistrationTasks {
    Table,
    Id,
    TenantId,
    ComponentId,
    Kind,
    State,
    WechatStatus,
    Name,
    SubjectHash,
    SubjectMasked,
    InputsEnc,
    Taskid,
    UniqueId,
    AuthorizeUrl,
    OaAuthorizerId,
    PageTokenHash,
    TicketEnc,
    Attempts,
    NextAttemptAt,
    DeadlineAt,
    ResultAppid,
    AuthorizerId,
    BetaStep,
    Error,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
    PolledAt,
}

#[derive(DeriveIden)]
enum TaskSteps {
    Table,
    Id,
    TaskId,
    At,
    Step,
    WechatStatus,
    Note,
    EventId,
}

async fn tasks_table(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use RegistrationTasks as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .col(id(T::Id))
            .col(big_integer(T::TenantId))
            .col(big_integer(T::ComponentId))
            .col(string_len(T::Kind, 16))
            .col(string_len(T::State, 16))
            .col(big_integer_null(T::WechatStatus))
            .col(text_null(T::Name))
            .col(string_len_null(T::SubjectHash, 64))
            .col(text_null(T::SubjectMasked))
            .col(text(T::InputsEnc))
            .col(string_len_null(T::Taskid, 128))
            .col(string_len_null(T::UniqueId, 128))
            .col(text_null(T::AuthorizeUrl))
            .col(big_integer_null(T::OaAuthorizerId))
            .col(string_len_null(T::PageTokenHash, 64))
            .col(text_null(T::TicketEnc))
            .col(integer(T::Attempts).default(0).to_owned())
            .col(big_integer_null(T::NextAttemptAt))
            .col(big_integer(T::DeadlineAt))
            .col(string_len_null(T::ResultAppid, 32))
            .col(big_integer_null(T::AuthorizerId))
            .col(string_len_null(T::BetaStep, 16))
            .col(text_null(T::Error))
            .col(big_integer_null(T::CreatedBy))
            .col(big_integer(T::CreatedAt))
            .col(big_integer(T::UpdatedAt))
            .col(big_integer_null(T::FinishedAt))
            .col(big_integer_null(T::PolledAt))
            .foreign_key(
                ForeignKey::create()
                    .from(T::Table, T::ComponentId)
                    .to(Components::Table, Components::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        T::Table,
        vec![
            ("ix_tasks_tenant", vec![T::TenantId, T::CreatedAt], false),
            ("ix_tasks_state", vec![T::State, T::DeadlineAt], false),
            ("ix_tasks_taskid", vec![T::ComponentId, T::Taskid], false),
            (
                "ix_tasks_unique_id",
                vec![T::ComponentId, T::UniqueId],
                false,
            ),
            (
                "ix_tasks_result",
                vec![T::ComponentId, T::ResultAppid],
                false,
            ),
            ("ix_tasks_subject", vec![T::SubjectHash, T::State], false),
            ("ux_tasks_page_token", vec![T::PageTokenHash], true),
        ],
    )
    .await
}

async fn steps_table(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(TaskSteps::Table)
            .col(id(TaskSteps::Id))
            .col(big_integer(TaskSteps::TaskId))
            .col(big_integer(TaskSteps::At))
            .col(string_len(TaskSteps::Step, 24))
            .col(big_integer_null(TaskSteps::WechatStatus))
            .col(text(TaskSteps::Note))
            .col(big_integer_null(TaskSteps::EventId))
            .foreign_key(
                ForeignKey::create()
                    .from(TaskSteps::Table, TaskSteps::TaskId)
                    .to(RegistrationTasks::Table, RegistrationTasks::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("ix_task_steps_task")
            .table(TaskSteps::Table)
            .col(TaskSteps::TaskId)
            .col(TaskSteps::At)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        tasks_table(m).await?;
        steps_table(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TaskSteps::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RegistrationTasks::Table).to_owned())
            .await
    }
}
