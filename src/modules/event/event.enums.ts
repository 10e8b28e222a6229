import { registerEnumType } from "type-graphql";

export const EventKind = {
  SUMMIT: "SUMMIT",
  MEETING: "MEETING",
  BRIEFING: "BRIEFING",
  PRESS_CONFERENCE: "PRESS_CONFERENCE",
  PHONE_CALL: "PHONE_CALL",
  CONVERSATION: "CONVERSATION",
  SPEECH: "SPEECH",
  INTERVIEW: "INTERVIEW",
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

registerEnumType(EventKind, {
  name: "EventKind",
  description: "What sort of occasion an event is.",
  valuesConfig: {
    SUMMIT: { description: "A meeting of heads of state or government." },
    MEETING: { description: "Any other meeting in person." },
    BRIEFING: { description: "A briefing of the media by an official." },
    PRESS_CONFERENCE: { description: "A press conference." },
    PHONE_CALL: { description: "A conversation the source says took place by telephone." },
    CONVERSATION: { description: "A conversation whose medium (in person, phone, video) the source does not state." },
    SPEECH: { description: "A speech or address." },
    INTERVIEW: { description: "An interview given to the media." },
  },
});

export const EventStatus = {
  SCHEDULED: "SCHEDULED",
  HELD: "HELD",
  CANCELLED: "CANCELLED",
} as const;
export type EventStatus = (typeof EventStatus)[keyof typeof EventStatus];

registerEnumType(EventStatus, {
  name: "EventStatus",
  description: "Whether an event took place, as far as the sources say.",
  valuesConfig: {
    SCHEDULED: { description: "Announced or planned; no source reports it held." },
    HELD: { description: "Taking place or took place." },
    CANCELLED: { description: "Called off." },
  },
});

export const ParticipantRole = {
  PRINCIPAL: "PRINCIPAL",
  HOST: "HOST",
  SPEAKER: "SPEAKER",
  PARTICIPANT: "PARTICIPANT",
} as const;
export type ParticipantRole = (typeof ParticipantRole)[keyof typeof ParticipantRole];

registerEnumType(ParticipantRole, {
  name: "ParticipantRole",
  description: "The part an actor plays in an event.",
  valuesConfig: {
    PRINCIPAL: { description: "One of the main parties (a leader at a summit)." },
    HOST: { description: "Hosts the event." },
    SPEAKER: { description: "Speaks at the event (a briefing, a press conference)." },
    PARTICIPANT: { description: "Takes part otherwise." },
  },
});
