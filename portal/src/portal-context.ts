import type { HookflowClient } from '@hookflow/client';
import { createContext, useContext } from 'react';
import type { EventType, PortalSession } from './api';

export interface Portal {
  client: HookflowClient;
  tenantId: string;
  session: PortalSession;
  /** The event type catalog this tenant sees (for pickers and test events). */
  catalog: EventType[];
}

export const PortalContext = createContext<Portal | undefined>(undefined);

export function usePortal(): Portal {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('usePortal outside the portal');
  return portal;
}

/** `{ path: { tenantId } }` for the typed client's tenant routes. */
export function tenantPath(portal: Portal) {
  return { tenantId: portal.tenantId };
}
