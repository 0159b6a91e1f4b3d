// The AMQP error conditions and descriptions the service uses, in one place, so the SDK maps each to the
// `ServiceBusError.code` a caller acts on (see @azure/core-amqp errors.js and service-bus serviceBusError.js).

/** An AMQP error as rhea sends it in a detach, disposition or management response. */
export interface AmqpError {
  condition: string;
  description: string;
}

/** Conditions the emulator returns. */
export const CONDITION = {
  notFound: "amqp:not-found",
  unauthorized: "amqp:unauthorized-access",
  notAllowed: "amqp:not-allowed",
  messageSizeExceeded: "amqp:link:message-size-exceeded",
  messageLockLost: "com.microsoft:message-lock-lost",
  sessionLockLost: "com.microsoft:session-lock-lost",
  sessionCannotBeLocked: "com.microsoft:session-cannot-be-locked",
  messageNotFound: "com.microsoft:message-not-found",
  timeout: "com.microsoft:timeout",
  argumentError: "com.microsoft:argument-error",
  internalError: "amqp:internal-error",
  notImplemented: "amqp:not-implemented",
} as const;

/** `MessagingEntityNotFound`: the SDK recognises the description pattern, not just the condition. */
export function entityNotFound(address: string): AmqpError {
  return {
    condition: CONDITION.notFound,
    description: `The messaging entity '${address}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.`,
  };
}

/** `MessageLockLost`. */
export function messageLockLost(): AmqpError {
  return {
    condition: CONDITION.messageLockLost,
    description:
      "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.",
  };
}

/** `SessionLockLost`. */
export function sessionLockLost(): AmqpError {
  return {
    condition: CONDITION.sessionLockLost,
    description: "The session lock has expired on the MessageSession. Accept a new MessageSession.",
  };
}

/** `UnauthorizedAccess`. */
export function unauthorized(reason: string): AmqpError {
  return { condition: CONDITION.unauthorized, description: `Unauthorized access. ${reason}` };
}
