export type StandInEvent = { slug: string; name: string; startDate: string; endDate: string };

export declare function startLumaStandIn(options: {
  port: number;
  calendar: string;
  events: StandInEvent[];
  description?: string;
}): Promise<{ close: () => Promise<void> }>;
