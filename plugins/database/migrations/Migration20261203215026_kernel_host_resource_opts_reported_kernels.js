'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261203215026_kernel_host_resource_opts_reported_kernels extends Migration {
  async up() {
    this.addSql(`alter table "agents" add column "reported_kernels" jsonb null;`);

    this.addSql(
      `alter table "kernels" add column "kernel_host" varchar(1024) null, add column "resource_opts" jsonb null;`,
    );
  }

  async down() {
    this.addSql(`alter table "agents" drop column "reported_kernels";`);

    this.addSql(`alter table "kernels" drop column "kernel_host", drop column "resource_opts";`);
  }
}
exports.Migration20261203215026_kernel_host_resource_opts_reported_kernels =
  Migration20261203215026_kernel_host_resource_opts_reported_kernels;
