import type { ContractEvent, OpenContract } from '@cls/domain';
import type { Notification, NotificationRecipient } from '../notifications/notification.port';

/**
 * Who must hear of a contract event. Finance is told the dates once the contract is signed; chasers go to the
 * parties whose signature is awaited; the supplier hears of its award. Other events notify nobody.
 */
export const contractNotification = (
  contract: OpenContract,
  event: ContractEvent,
  eventId: string,
  occurredAt: string,
): Notification | undefined => {
  const base = { id: eventId, type: event.type, contractId: contract.contractId, occurredAt };
  const buyer = (role: NotificationRecipient['role']): NotificationRecipient => ({ role, organisation: contract.organisation });
  const supplier = (): NotificationRecipient[] =>
    contract.award ? [{ role: 'provider', organisation: contract.award.supplier.organisation }] : [];
  switch (event.type) {
    case 'ContractAwarded':
      return {
        ...base,
        recipients: [buyer('commissioner'), { role: 'provider', organisation: event.data.supplier.organisation }],
        subject: `Contract awarded to ${event.data.supplier.name}: ${contract.title}`.slice(0, 200),
        facts: { basis: event.data.basis, valuePence: event.data.valuePence },
      };
    case 'FinanceNotified':
      return {
        ...base,
        recipients: [buyer('finance')],
        subject: `Contract signed: ${contract.title} runs ${event.data.startDate} to ${event.data.endDate}`.slice(0, 200),
        facts: { startDate: event.data.startDate, endDate: event.data.endDate, valuePence: event.data.valuePence, supplier: event.data.supplier.name },
      };
    case 'ReminderIssued': {
      const reminder = event.data;
      const recipients =
        reminder.subject === 'signature'
          ? reminder.awaiting.flatMap((party) => (party === 'authority' ? [buyer('commissioner')] : supplier()))
          : reminder.subject === 'return'
            ? supplier()
            : [buyer('contract-manager')];
      return {
        ...base,
        recipients: recipients.length > 0 ? recipients : [buyer('contract-manager')],
        subject: `Reminder (${reminder.subject}): ${contract.title}`.slice(0, 200),
        // Through JSON, so an absent optional field is left out rather than sent as undefined.
        facts: JSON.parse(JSON.stringify(reminder)) as Notification['facts'],
      };
    }
    case 'ContractActivated':
      return {
        ...base,
        recipients: [buyer('contract-manager'), ...supplier()],
        subject: `Contract active from ${event.data.activatedOn}: ${contract.title}`.slice(0, 200),
        facts: { activatedOn: event.data.activatedOn },
      };
    default:
      return undefined;
  }
};
