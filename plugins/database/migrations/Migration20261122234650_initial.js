'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261122234650_initial extends Migration {
  async up() {
    this.addSql(
      `create table "agents" ("id" varchar(64) not null, "status" text check ("status" in ('ALIVE', 'LOST', 'RESTARTING', 'TERMINATED')) not null, "status_changed" timestamptz not null, "address" varchar(1024) not null, "region" varchar(64) not null, "resource_group" varchar(64) not null, "architecture" varchar(32) not null, "version" varchar(64) not null, "schedulable" boolean not null default true, "available_slots" jsonb not null, "occupied_slots" jsonb not null, "compute_plugins" jsonb not null, "first_contact" timestamptz not null, "last_contact" timestamptz not null, "lost_at" timestamptz null, constraint "agents_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_agents_resource_group_status" on "agents" ("resource_group", "status");`);

    this.addSql(
      `create table "domains" ("name" varchar(64) not null, "description" text null, "is_active" boolean not null default true, "total_resource_slots" jsonb not null, "allowed_vfolder_hosts" jsonb not null, "allowed_docker_registries" jsonb not null, "integration_id" varchar(512) null, "created_at" timestamptz not null, "modified_at" timestamptz not null, constraint "domains_pkey" primary key ("name"));`,
    );

    this.addSql(
      `create table "images" ("id" uuid not null, "name" varchar(512) not null, "registry" varchar(256) not null default '', "repository" varchar(256) not null default '', "tag" varchar(128) not null default '', "digest" varchar(128) null, "architecture" varchar(32) not null, "size_bytes" bigint not null default 0, "type" text check ("type" in ('COMPUTE', 'INFERENCE', 'SYSTEM')) not null default 'COMPUTE', "labels" jsonb not null, "min_slots" jsonb not null, "max_slots" jsonb not null default '{}', "accelerators" jsonb not null default '[]', "created_at" timestamptz not null, "modified_at" timestamptz not null, constraint "images_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "images" add constraint "uq_images_name_architecture" unique ("name", "architecture");`,
    );

    this.addSql(
      `create table "image_aliases" ("alias" varchar(256) not null, "image" uuid not null, constraint "image_aliases_pkey" primary key ("alias"));`,
    );

    this.addSql(
      `create table "keypair_resource_policies" ("name" varchar(256) not null, "default_for_unspecified" text check ("default_for_unspecified" in ('LIMITED', 'UNLIMITED')) not null default 'UNLIMITED', "total_resource_slots" jsonb not null, "max_session_lifetime" int not null default 0, "max_concurrent_sessions" int not null default 0, "max_concurrent_sftp_sessions" int not null default 1, "max_pending_session_count" int null, "max_pending_session_resource_slots" jsonb null, "max_containers_per_session" int not null default 1, "max_priority" int not null default 10, "idle_timeout" int not null default 0, "allowed_vfolder_hosts" jsonb not null, "max_vfolder_count" int not null default 0, "max_vfolder_size" bigint not null default 0, "created_at" timestamptz not null, constraint "keypair_resource_policies_pkey" primary key ("name"));`,
    );

    this.addSql(
      `create table "project_resource_policies" ("name" varchar(256) not null, "max_vfolder_count" int not null default 0, "max_quota_scope_size" bigint not null default -1, "max_network_count" int not null default 3, "created_at" timestamptz not null, constraint "project_resource_policies_pkey" primary key ("name"));`,
    );

    this.addSql(
      `create table "groups" ("id" uuid not null, "name" varchar(64) not null, "domain_name" varchar(64) not null, "type" text check ("type" in ('GENERAL', 'MODEL_STORE')) not null default 'GENERAL', "description" text null, "is_active" boolean not null default true, "total_resource_slots" jsonb not null, "allowed_vfolder_hosts" jsonb not null, "integration_id" varchar(512) null, "resource_policy" varchar(256) null, "created_at" timestamptz not null, "modified_at" timestamptz not null, constraint "groups_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "groups" add constraint "uq_groups_name_domain" unique ("name", "domain_name");`,
    );

    this.addSql(
      `create table "resource_groups" ("name" varchar(64) not null, "description" text null, "is_active" boolean not null default true, "is_public" boolean not null default true, "driver" varchar(64) not null default 'static', "driver_opts" jsonb not null, "scheduler" varchar(64) not null, "scheduler_opts" jsonb not null, "wsproxy_addr" varchar(1024) null, "wsproxy_api_token" varchar(256) null, "created_at" timestamptz not null, constraint "resource_groups_pkey" primary key ("name"));`,
    );
    this.addSql(`create index "ix_resource_groups_is_active" on "resource_groups" ("is_active");`);

    this.addSql(
      `create table "resource_groups_for_groups" ("resource_group" varchar(64) not null, "group_id" uuid not null, constraint "resource_groups_for_groups_pkey" primary key ("resource_group", "group_id"));`,
    );

    this.addSql(
      `create table "resource_groups_for_domains" ("resource_group" varchar(64) not null, "domain" varchar(64) not null, constraint "resource_groups_for_domains_pkey" primary key ("resource_group", "domain"));`,
    );

    this.addSql(
      `create table "resource_presets" ("id" uuid not null, "name" varchar(256) not null, "resource_slots" jsonb not null, "shared_memory" bigint null, "resource_group_name" varchar(64) null, constraint "resource_presets_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "resource_presets" add constraint "uq_resource_presets_name_resource_group" unique ("name", "resource_group_name");`,
    );
    this.addSql(
      `create unique index "uq_resource_presets_global_name" on "resource_presets" ("name") where "resource_group_name" is null;`,
    );

    this.addSql(
      `create table "sessions" ("id" uuid not null, "name" varchar(64) not null, "type" text check ("type" in ('interactive', 'batch', 'inference', 'system')) not null, "status" text check ("status" in ('PENDING', 'SCHEDULED', 'PREPARING', 'PULLING', 'PREPARED', 'CREATING', 'RUNNING', 'RESTARTING', 'RUNNING_DEGRADED', 'TERMINATING', 'TERMINATED', 'ERROR', 'CANCELLED', 'DEPRIORITIZING', 'RESERVED', 'PREEMPTED', 'RESCHEDULING')) not null, "status_info" varchar(1024) null, "status_data" jsonb not null, "status_history" jsonb not null, "status_changed" timestamptz not null, "result" text check ("result" in ('UNDEFINED', 'SUCCESS', 'FAILURE')) not null default 'UNDEFINED', "image" varchar(512) not null, "architecture" varchar(32) not null, "resource_group" varchar(64) not null, "domain_name" varchar(64) not null, "group_name" varchar(64) not null, "access_key" varchar(20) not null, "user_id" varchar(64) not null, "cluster_mode" text check ("cluster_mode" in ('single-node', 'multi-node')) not null, "cluster_size" int not null default 1, "priority" int not null default 0, "starts_at" timestamptz null, "tag" varchar(64) null, "environ" jsonb not null, "startup_command" text null, "requested_slots" jsonb not null, "occupying_slots" jsonb not null, "created_at" timestamptz not null, "terminated_at" timestamptz null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_sessions_created_at" on "sessions" ("created_at");`);
    this.addSql(
      `create index "ix_sessions_status_resource_group" on "sessions" ("status", "resource_group");`,
    );
    this.addSql(`create index "ix_sessions_access_key_name" on "sessions" ("access_key", "name");`);

    this.addSql(
      `create table "kernels" ("id" uuid not null, "session_id" uuid not null, "cluster_role" varchar(16) not null, "cluster_idx" int not null, "cluster_hostname" varchar(64) not null, "local_rank" int not null default 0, "image" varchar(512) not null, "architecture" varchar(32) not null, "status" text check ("status" in ('PENDING', 'SCHEDULED', 'PREPARING', 'BUILDING', 'PULLING', 'PREPARED', 'CREATING', 'RUNNING', 'RESTARTING', 'RESIZING', 'SUSPENDED', 'TERMINATING', 'TERMINATED', 'ERROR', 'CANCELLED', 'RESERVED')) not null, "status_info" varchar(1024) null, "status_changed" timestamptz not null, "status_history" jsonb not null, "agent" varchar(64) null, "agent_address" varchar(1024) null, "container_id" varchar(64) null, "requested_slots" jsonb not null, "occupied_slots" jsonb not null, "slots_released_at" timestamptz null, "device_allocation" jsonb not null, "service_ports" jsonb not null, "exit_code" int null, "last_stat" jsonb null, "created_at" timestamptz not null, "terminated_at" timestamptz null, constraint "kernels_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_kernels_session_id" on "kernels" ("session_id");`);
    this.addSql(`create index "ix_kernels_agent" on "kernels" ("agent");`);
    this.addSql(`create index "ix_kernels_status" on "kernels" ("status");`);

    this.addSql(
      `create table "session_dependencies" ("session_id" uuid not null, "depends_on" uuid not null, constraint "session_dependencies_pkey" primary key ("session_id", "depends_on"));`,
    );

    this.addSql(
      `create table "user_resource_policies" ("name" varchar(256) not null, "max_vfolder_count" int not null default 0, "max_quota_scope_size" bigint not null default -1, "max_session_count_per_model_session" int not null default 10, "max_customized_image_count" int not null default 3, "created_at" timestamptz not null, constraint "user_resource_policies_pkey" primary key ("name"));`,
    );

    this.addSql(
      `create table "users" ("uuid" uuid not null, "email" varchar(64) not null, "username" varchar(64) not null, "password_hash" varchar(256) null, "need_password_change" boolean not null default false, "full_name" varchar(64) null, "description" text null, "status" text check ("status" in ('active', 'inactive', 'deleted', 'before-verification')) not null default 'active', "status_info" varchar(64) null, "role" text check ("role" in ('superadmin', 'admin', 'user', 'monitor')) not null default 'user', "domain_name" varchar(64) not null, "resource_policy" varchar(256) null, "main_access_key" varchar(20) null, "created_at" timestamptz not null, "modified_at" timestamptz not null, constraint "users_pkey" primary key ("uuid"));`,
    );
    this.addSql(`alter table "users" add constraint "uq_users_email" unique ("email");`);
    this.addSql(`alter table "users" add constraint "uq_users_username" unique ("username");`);
    this.addSql(`create index "ix_users_domain_name" on "users" ("domain_name");`);

    this.addSql(
      `create table "session_templates" ("id" uuid not null, "name" varchar(128) null, "type" text check ("type" in ('task', 'cluster')) not null default 'task', "is_active" boolean not null default true, "domain_name" varchar(64) not null, "group_id" uuid null, "user_uuid" uuid null, "template" jsonb not null, "created_at" timestamptz not null, constraint "session_templates_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "keypairs" ("access_key" varchar(20) not null, "secret_key" varchar(40) not null, "user" uuid not null, "is_active" boolean not null default true, "is_admin" boolean not null default false, "rate_limit" int not null default 0, "resource_policy" varchar(256) not null, "ssh_public_key" text null, "ssh_private_key" text null, "num_queries" int not null default 0, "last_used" timestamptz null, "created_at" timestamptz not null, constraint "keypairs_pkey" primary key ("access_key"));`,
    );
    this.addSql(`create index "ix_keypairs_user" on "keypairs" ("user");`);
    this.addSql(`create index "ix_keypairs_is_active" on "keypairs" ("is_active");`);

    this.addSql(
      `create table "resource_groups_for_keypairs" ("resource_group" varchar(64) not null, "access_key" varchar(20) not null, constraint "resource_groups_for_keypairs_pkey" primary key ("resource_group", "access_key"));`,
    );

    this.addSql(
      `create table "error_logs" ("id" uuid not null, "severity" text check ("severity" in ('critical', 'error', 'warning')) not null, "source" varchar(64) not null, "user" uuid null, "is_read" boolean not null default false, "is_cleared" boolean not null default false, "message" text not null, "context_lang" varchar(32) not null, "context_env" jsonb not null, "request_url" text null, "request_status" int null, "traceback" text null, "created_at" timestamptz not null, constraint "error_logs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_error_logs_created_at" on "error_logs" ("created_at");`);

    this.addSql(
      `create table "association_groups_users" ("user_id" uuid not null, "group_id" uuid not null, constraint "association_groups_users_pkey" primary key ("user_id", "group_id"));`,
    );

    this.addSql(
      `create table "vfolders" ("id" uuid not null, "host" varchar(128) not null, "quota_scope_id" varchar(64) null, "name" varchar(64) not null, "usage_mode" text check ("usage_mode" in ('general', 'model', 'data')) not null default 'general', "permission" text check ("permission" in ('ro', 'rw', 'wd')) not null default 'rw', "max_files" int not null default 1000, "max_size" bigint null, "num_files" int not null default 0, "cur_size" bigint not null default 0, "ownership_type" text check ("ownership_type" in ('user', 'group')) not null default 'user', "user" uuid null, "group" uuid null, "creator" varchar(128) null, "unmanaged_path" text null, "cloneable" boolean not null default false, "status" text check ("status" in ('ready', 'performing', 'cloning', 'mounted', 'error', 'delete-pending', 'delete-ongoing', 'delete-complete', 'delete-error')) not null default 'ready', "created_at" timestamptz not null, "last_used" timestamptz null, constraint "vfolders_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_vfolders_user" on "vfolders" ("user");`);
    this.addSql(`create index "ix_vfolders_group" on "vfolders" ("group");`);
    this.addSql(`create index "ix_vfolders_host_name" on "vfolders" ("host", "name");`);

    this.addSql(
      `create table "vfolder_invitations" ("id" uuid not null, "vfolder" uuid not null, "inviter" varchar(256) not null, "invitee" varchar(256) not null, "permission" text check ("permission" in ('ro', 'rw', 'wd')) not null default 'ro', "state" text check ("state" in ('pending', 'canceled', 'accepted', 'rejected')) not null default 'pending', "created_at" timestamptz not null, "modified_at" timestamptz null, constraint "vfolder_invitations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ix_vfolder_invitations_vfolder" on "vfolder_invitations" ("vfolder");`);
    this.addSql(
      `create index "ix_vfolder_invitations_invitee_state" on "vfolder_invitations" ("invitee", "state");`,
    );

    this.addSql(
      `create table "vfolder_permissions" ("id" uuid not null, "vfolder" uuid not null, "user" uuid not null, "permission" text check ("permission" in ('ro', 'rw', 'wd')) not null default 'rw', constraint "vfolder_permissions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "vfolder_permissions" add constraint "uq_vfolder_permissions_vfolder_user" unique ("vfolder", "user");`,
    );

    this.addSql(
      `alter table "image_aliases" add constraint "image_aliases_image_foreign" foreign key ("image") references "images" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "groups" add constraint "groups_domain_name_foreign" foreign key ("domain_name") references "domains" ("name") on update cascade;`,
    );
    this.addSql(
      `alter table "groups" add constraint "groups_resource_policy_foreign" foreign key ("resource_policy") references "project_resource_policies" ("name") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "resource_groups_for_groups" add constraint "resource_groups_for_groups_resource_group_foreign" foreign key ("resource_group") references "resource_groups" ("name") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "resource_groups_for_groups" add constraint "resource_groups_for_groups_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "resource_groups_for_domains" add constraint "resource_groups_for_domains_resource_group_foreign" foreign key ("resource_group") references "resource_groups" ("name") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "resource_groups_for_domains" add constraint "resource_groups_for_domains_domain_foreign" foreign key ("domain") references "domains" ("name") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "resource_presets" add constraint "resource_presets_resource_group_name_foreign" foreign key ("resource_group_name") references "resource_groups" ("name") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "kernels" add constraint "kernels_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "kernels" add constraint "kernels_agent_foreign" foreign key ("agent") references "agents" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "session_dependencies" add constraint "session_dependencies_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "session_dependencies" add constraint "session_dependencies_depends_on_foreign" foreign key ("depends_on") references "sessions" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "users" add constraint "users_domain_name_foreign" foreign key ("domain_name") references "domains" ("name") on update cascade;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_resource_policy_foreign" foreign key ("resource_policy") references "user_resource_policies" ("name") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "session_templates" add constraint "session_templates_domain_name_foreign" foreign key ("domain_name") references "domains" ("name") on update cascade;`,
    );
    this.addSql(
      `alter table "session_templates" add constraint "session_templates_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "session_templates" add constraint "session_templates_user_uuid_foreign" foreign key ("user_uuid") references "users" ("uuid") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "keypairs" add constraint "keypairs_user_foreign" foreign key ("user") references "users" ("uuid") on update cascade;`,
    );
    this.addSql(
      `alter table "keypairs" add constraint "keypairs_resource_policy_foreign" foreign key ("resource_policy") references "keypair_resource_policies" ("name") on update cascade;`,
    );

    this.addSql(
      `alter table "resource_groups_for_keypairs" add constraint "resource_groups_for_keypairs_resource_group_foreign" foreign key ("resource_group") references "resource_groups" ("name") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "resource_groups_for_keypairs" add constraint "resource_groups_for_keypairs_access_key_foreign" foreign key ("access_key") references "keypairs" ("access_key") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "error_logs" add constraint "error_logs_user_foreign" foreign key ("user") references "users" ("uuid") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "association_groups_users" add constraint "association_groups_users_user_id_foreign" foreign key ("user_id") references "users" ("uuid") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "association_groups_users" add constraint "association_groups_users_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "vfolders" add constraint "vfolders_user_foreign" foreign key ("user") references "users" ("uuid") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "vfolders" add constraint "vfolders_group_foreign" foreign key ("group") references "groups" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "vfolder_invitations" add constraint "vfolder_invitations_vfolder_foreign" foreign key ("vfolder") references "vfolders" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "vfolder_permissions" add constraint "vfolder_permissions_vfolder_foreign" foreign key ("vfolder") references "vfolders" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "vfolder_permissions" add constraint "vfolder_permissions_user_foreign" foreign key ("user") references "users" ("uuid") on update cascade on delete cascade;`,
    );
  }

  async down() {
    this.addSql(`alter table "kernels" drop constraint "kernels_agent_foreign";`);

    this.addSql(`alter table "groups" drop constraint "groups_domain_name_foreign";`);

    this.addSql(
      `alter table "resource_groups_for_domains" drop constraint "resource_groups_for_domains_domain_foreign";`,
    );

    this.addSql(`alter table "users" drop constraint "users_domain_name_foreign";`);

    this.addSql(`alter table "session_templates" drop constraint "session_templates_domain_name_foreign";`);

    this.addSql(`alter table "image_aliases" drop constraint "image_aliases_image_foreign";`);

    this.addSql(`alter table "keypairs" drop constraint "keypairs_resource_policy_foreign";`);

    this.addSql(`alter table "groups" drop constraint "groups_resource_policy_foreign";`);

    this.addSql(
      `alter table "resource_groups_for_groups" drop constraint "resource_groups_for_groups_group_id_foreign";`,
    );

    this.addSql(`alter table "session_templates" drop constraint "session_templates_group_id_foreign";`);

    this.addSql(
      `alter table "association_groups_users" drop constraint "association_groups_users_group_id_foreign";`,
    );

    this.addSql(`alter table "vfolders" drop constraint "vfolders_group_foreign";`);

    this.addSql(
      `alter table "resource_groups_for_groups" drop constraint "resource_groups_for_groups_resource_group_foreign";`,
    );

    this.addSql(
      `alter table "resource_groups_for_domains" drop constraint "resource_groups_for_domains_resource_group_foreign";`,
    );

    this.addSql(
      `alter table "resource_presets" drop constraint "resource_presets_resource_group_name_foreign";`,
    );

    this.addSql(
      `alter table "resource_groups_for_keypairs" drop constraint "resource_groups_for_keypairs_resource_group_foreign";`,
    );

    this.addSql(`alter table "kernels" drop constraint "kernels_session_id_foreign";`);

    this.addSql(
      `alter table "session_dependencies" drop constraint "session_dependencies_session_id_foreign";`,
    );

    this.addSql(
      `alter table "session_dependencies" drop constraint "session_dependencies_depends_on_foreign";`,
    );

    this.addSql(`alter table "users" drop constraint "users_resource_policy_foreign";`);

    this.addSql(`alter table "session_templates" drop constraint "session_templates_user_uuid_foreign";`);

    this.addSql(`alter table "keypairs" drop constraint "keypairs_user_foreign";`);

    this.addSql(`alter table "error_logs" drop constraint "error_logs_user_foreign";`);

    this.addSql(
      `alter table "association_groups_users" drop constraint "association_groups_users_user_id_foreign";`,
    );

    this.addSql(`alter table "vfolders" drop constraint "vfolders_user_foreign";`);

    this.addSql(`alter table "vfolder_permissions" drop constraint "vfolder_permissions_user_foreign";`);

    this.addSql(
      `alter table "resource_groups_for_keypairs" drop constraint "resource_groups_for_keypairs_access_key_foreign";`,
    );

    this.addSql(`alter table "vfolder_invitations" drop constraint "vfolder_invitations_vfolder_foreign";`);

    this.addSql(`alter table "vfolder_permissions" drop constraint "vfolder_permissions_vfolder_foreign";`);

    this.addSql(`drop table if exists "agents" cascade;`);

    this.addSql(`drop table if exists "domains" cascade;`);

    this.addSql(`drop table if exists "images" cascade;`);

    this.addSql(`drop table if exists "image_aliases" cascade;`);

    this.addSql(`drop table if exists "keypair_resource_policies" cascade;`);

    this.addSql(`drop table if exists "project_resource_policies" cascade;`);

    this.addSql(`drop table if exists "groups" cascade;`);

    this.addSql(`drop table if exists "resource_groups" cascade;`);

    this.addSql(`drop table if exists "resource_groups_for_groups" cascade;`);

    this.addSql(`drop table if exists "resource_groups_for_domains" cascade;`);

    this.addSql(`drop table if exists "resource_presets" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "kernels" cascade;`);

    this.addSql(`drop table if exists "session_dependencies" cascade;`);

    this.addSql(`drop table if exists "user_resource_policies" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "session_templates" cascade;`);

    this.addSql(`drop table if exists "keypairs" cascade;`);

    this.addSql(`drop table if exists "resource_groups_for_keypairs" cascade;`);

    this.addSql(`drop table if exists "error_logs" cascade;`);

    this.addSql(`drop table if exists "association_groups_users" cascade;`);

    this.addSql(`drop table if exists "vfolders" cascade;`);

    this.addSql(`drop table if exists "vfolder_invitations" cascade;`);

    this.addSql(`drop table if exists "vfolder_permissions" cascade;`);
  }
}
exports.Migration20261122234650_initial = Migration20261122234650_initial;
