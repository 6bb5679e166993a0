/** Receipts of the floor's no-op activity, kept in the floor worker process. */
export const receipts: { at: number; sentAt: number }[] = [];

export const floorActivities = {
  async noop(input: { sentAt: number }): Promise<void> {
    receipts.push({ at: Date.now(), sentAt: input.sentAt });
  },
};

export type FloorActivities = typeof floorActivities;
