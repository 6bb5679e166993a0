import { fanOutWorkflowId, WORKFLOW_ID_SEPARATOR } from '../../src/contract';
import { eventId, tenantId } from '../../src/api/schemas';

describe('derived workflow ids', () => {
  it('fan-out ids of different (tenant, event) pairs differ even when the parts contain - . or :', () => {
    expect(fanOutWorkflowId('fa', 'b-q1')).not.toBe(fanOutWorkflowId('fa-b', 'q1'));
    expect(fanOutWorkflowId('a_b', 'c:d.e')).not.toBe(fanOutWorkflowId('a', 'b_c:d.e'));
  });

  it('the separator is a character neither a tenant id nor an event id may contain', () => {
    expect(tenantId.safeParse(`a${WORKFLOW_ID_SEPARATOR}b`).success).toBe(false);
    expect(eventId.safeParse(`a${WORKFLOW_ID_SEPARATOR}b`).success).toBe(false);
  });
});
