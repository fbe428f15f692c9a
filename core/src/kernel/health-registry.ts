import type { HealthRegistry, HealthReport } from '../contracts/service';

export class MapHealthRegistry implements HealthRegistry {
  private readonly reports = new Map<string, HealthReport>();

  report(pluginId: string, health: HealthReport): void {
    this.reports.set(pluginId, health);
  }

  snapshot(): Record<string, HealthReport> {
    return Object.fromEntries(this.reports);
  }
}
