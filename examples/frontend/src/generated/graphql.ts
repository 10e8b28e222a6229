/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends " $fragmentName" | "__typename" ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";
/** What sort of occasion an event is. */
export type EventKind =
  /** A briefing of the media by an official. */
  | "BRIEFING"
  /** A conversation whose medium (in person, phone, video) the source does not state. */
  | "CONVERSATION"
  /** An interview given to the media. */
  | "INTERVIEW"
  /** Any other meeting in person. */
  | "MEETING"
  /** A conversation the source says took place by telephone. */
  | "PHONE_CALL"
  /** A press conference. */
  | "PRESS_CONFERENCE"
  /** A speech or address. */
  | "SPEECH"
  /** A meeting of heads of state or government. */
  | "SUMMIT";

/** Whether an event took place, as far as the sources say. */
export type EventStatus =
  /** Called off. */
  | "CANCELLED"
  /** Taking place or took place. */
  | "HELD"
  /** Announced or planned; no source reports it held. */
  | "SCHEDULED";

/** How a fact that is not itself a quoted span of a source is known. The accompanying note or description says how. */
export type FactBasis =
  /** Public background knowledge, not in the source text. */
  | "BACKGROUND"
  /** Worked out from the source text together with public background (e.g. "Wednesday" + the known date of the article). */
  | "DERIVED"
  /** Stated by the source text. */
  | "SOURCE";

/** The part an actor plays in an event. */
export type ParticipantRole =
  /** Hosts the event. */
  | "HOST"
  /** Takes part otherwise. */
  | "PARTICIPANT"
  /** One of the main parties (a leader at a summit). */
  | "PRINCIPAL"
  /** Speaks at the event (a briefing, a press conference). */
  | "SPEAKER";

/** Where an actor stands on a topic. */
export type Stance =
  /** In favour only under the stated `conditions`. */
  | "CONDITIONAL"
  /** Leaves the decision to another party. */
  | "DEFERS"
  /** Willing to consider or discuss it, without commitment. */
  | "OPEN"
  /** Against, or rules it out. */
  | "OPPOSES"
  /** In favour, or demands it. */
  | "SUPPORTS";

/** How the source carries a statement. */
export type StatementKind =
  /** The speaker's own words, in quotation marks in the source. */
  | "DIRECT_QUOTE"
  /** A claim the source attributes to the speaker in its own words. */
  | "PARAPHRASE";

/** How much of a timestamp is known. A value is stored as the first instant of its period in its time zone: `DAY` precision on 13 August in Europe/Brussels is 2025-08-12T22:00:00Z. */
export type TimePrecision =
  /** Known to the day ("on Wednesday"). */
  | "DAY"
  /** Known to the hour. */
  | "HOUR"
  /** Known to the minute ("11 a.m."). */
  | "MINUTE"
  /** Known to the month. */
  | "MONTH"
  /** Known to the year. */
  | "YEAR";

/** What a timeline entry's `at` is the time of. */
export type TimelineDating =
  /** The day the position is known to hold on. */
  | "AS_OF"
  /** The statement's own time is not given: the day its source was published (it was said then or before). */
  | "REPORTED"
  /** When the statement was said. */
  | "SAID"
  /** When the event starts. */
  | "STARTS"
  /** No time is known; undated entries come last. */
  | "UNDATED";

export type SummitContextQueryVariables = Exact<{
  slug?: string;
}>;

export type SummitContextQuery = {
  event: {
    title: string;
    kind: EventKind;
    startsAt: string | null;
    timeZone: string | null;
    status: EventStatus;
    location: { name: string; locality: string | null; region: string | null; country: string | null } | null;
    participants: Array<{
      role: ParticipantRole;
      actor: { __typename: "CollectiveActor"; name: string } | { __typename: "Person"; name: string };
    }>;
    statements: {
      totalCount: number;
      nodes: Array<{
        kind: StatementKind;
        text: string;
        verb: string | null;
        speaker: { name: string } | { name: string };
        provenance: { exact: string };
      }>;
    };
    positions: {
      nodes: Array<{
        stance: Stance;
        summary: string;
        holder: { name: string } | { name: string };
        topic: { name: string };
      }>;
    };
  } | null;
};

export type PersonTimelineQueryVariables = Exact<{
  slug?: string;
}>;

export type PersonTimelineQuery = {
  person: {
    name: string;
    roles: Array<{
      title: string;
      startDate: string | null;
      spanBasis: FactBasis | null;
      organization: { name: string } | { name: string } | null;
    }>;
    timeline: {
      totalCount: number;
      edges: Array<{
        node: {
          at: string | null;
          timePrecision: TimePrecision | null;
          dating: TimelineDating;
          item:
            | { __typename: "Event" }
            | { __typename: "Position"; stance: Stance; summary: string; topic: { name: string } }
            | {
                __typename: "Statement";
                kind: StatementKind;
                text: string;
                verb: string | null;
                occasion: { title: string } | null;
                provenance: { exact: string };
              };
        };
      }>;
    };
  } | null;
};

export type StanceMatrixQueryVariables = Exact<{
  topics?: Array<string> | string | null | undefined;
}>;

export type StanceMatrixQuery = {
  stanceMatrix: {
    topics: Array<{ slug: string; name: string }>;
    rows: Array<{
      actor:
        | { __typename: "CollectiveActor"; slug: string; name: string }
        | { __typename: "Person"; slug: string; name: string };
      cells: Array<{
        known: boolean;
        stance: Stance | null;
        topic: { slug: string };
        position: { summary: string; conditions: Array<string> } | null;
      }>;
    }>;
  };
};

export type SearchQueryVariables = Exact<{
  query?: string;
  first?: number | null | undefined;
}>;

export type SearchQuery = {
  search: {
    totalCount: number;
    edges: Array<{
      rank: number;
      snippet: string;
      node:
        | { __typename: "CollectiveActor"; slug: string; name: string }
        | { __typename: "Event"; slug: string; title: string }
        | { __typename: "Person"; slug: string; name: string }
        | { __typename: "Position"; stance: Stance; summary: string; holder: { name: string } | { name: string } }
        | { __typename: "Statement"; text: string; speaker: { name: string } | { name: string } }
        | { __typename: "Topic"; slug: string; name: string };
    }>;
  };
};

export type TopicsQueryVariables = Exact<{ [key: string]: never }>;

export type TopicsQuery = {
  topics: { totalCount: number; nodes: Array<{ slug: string; name: string; description: string | null }> };
};

export const SummitContextDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "SummitContext" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "slug" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
          defaultValue: { kind: "StringValue", value: "anchorage-summit-2025", block: false },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "event" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "slug" },
                value: { kind: "Variable", name: { kind: "Name", value: "slug" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "title" } },
                { kind: "Field", name: { kind: "Name", value: "kind" } },
                { kind: "Field", name: { kind: "Name", value: "startsAt" } },
                { kind: "Field", name: { kind: "Name", value: "timeZone" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "location" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                      { kind: "Field", name: { kind: "Name", value: "locality" } },
                      { kind: "Field", name: { kind: "Name", value: "region" } },
                      { kind: "Field", name: { kind: "Name", value: "country" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "participants" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "role" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "actor" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "__typename" } },
                            { kind: "Field", name: { kind: "Name", value: "name" } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "statements" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "first" },
                      value: { kind: "IntValue", value: "20" },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "totalCount" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "nodes" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "kind" } },
                            { kind: "Field", name: { kind: "Name", value: "text" } },
                            { kind: "Field", name: { kind: "Name", value: "verb" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "speaker" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                              },
                            },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "provenance" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [{ kind: "Field", name: { kind: "Name", value: "exact" } }],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "positions" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "first" },
                      value: { kind: "IntValue", value: "20" },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "nodes" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "stance" } },
                            { kind: "Field", name: { kind: "Name", value: "summary" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "holder" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                              },
                            },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "topic" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SummitContextQuery, SummitContextQueryVariables>;
export const PersonTimelineDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "PersonTimeline" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "slug" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
          defaultValue: { kind: "StringValue", value: "donald-trump", block: false },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "person" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "slug" },
                value: { kind: "Variable", name: { kind: "Name", value: "slug" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "name" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "roles" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "title" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "organization" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                        },
                      },
                      { kind: "Field", name: { kind: "Name", value: "startDate" } },
                      { kind: "Field", name: { kind: "Name", value: "spanBasis" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "timeline" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "first" },
                      value: { kind: "IntValue", value: "50" },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "totalCount" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "edges" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "node" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "at" } },
                                  { kind: "Field", name: { kind: "Name", value: "timePrecision" } },
                                  { kind: "Field", name: { kind: "Name", value: "dating" } },
                                  {
                                    kind: "Field",
                                    name: { kind: "Name", value: "item" },
                                    selectionSet: {
                                      kind: "SelectionSet",
                                      selections: [
                                        { kind: "Field", name: { kind: "Name", value: "__typename" } },
                                        {
                                          kind: "InlineFragment",
                                          typeCondition: {
                                            kind: "NamedType",
                                            name: { kind: "Name", value: "Statement" },
                                          },
                                          selectionSet: {
                                            kind: "SelectionSet",
                                            selections: [
                                              { kind: "Field", name: { kind: "Name", value: "kind" } },
                                              { kind: "Field", name: { kind: "Name", value: "text" } },
                                              { kind: "Field", name: { kind: "Name", value: "verb" } },
                                              {
                                                kind: "Field",
                                                name: { kind: "Name", value: "occasion" },
                                                selectionSet: {
                                                  kind: "SelectionSet",
                                                  selections: [
                                                    { kind: "Field", name: { kind: "Name", value: "title" } },
                                                  ],
                                                },
                                              },
                                              {
                                                kind: "Field",
                                                name: { kind: "Name", value: "provenance" },
                                                selectionSet: {
                                                  kind: "SelectionSet",
                                                  selections: [
                                                    { kind: "Field", name: { kind: "Name", value: "exact" } },
                                                  ],
                                                },
                                              },
                                            ],
                                          },
                                        },
                                        {
                                          kind: "InlineFragment",
                                          typeCondition: {
                                            kind: "NamedType",
                                            name: { kind: "Name", value: "Position" },
                                          },
                                          selectionSet: {
                                            kind: "SelectionSet",
                                            selections: [
                                              { kind: "Field", name: { kind: "Name", value: "stance" } },
                                              { kind: "Field", name: { kind: "Name", value: "summary" } },
                                              {
                                                kind: "Field",
                                                name: { kind: "Name", value: "topic" },
                                                selectionSet: {
                                                  kind: "SelectionSet",
                                                  selections: [
                                                    { kind: "Field", name: { kind: "Name", value: "name" } },
                                                  ],
                                                },
                                              },
                                            ],
                                          },
                                        },
                                      ],
                                    },
                                  },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PersonTimelineQuery, PersonTimelineQueryVariables>;
export const StanceMatrixDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "StanceMatrix" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "topics" } },
          type: {
            kind: "ListType",
            type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
          },
          defaultValue: {
            kind: "ListValue",
            values: [
              { kind: "StringValue", value: "ukraine-ceasefire", block: false },
              { kind: "StringValue", value: "security-guarantees-for-ukraine", block: false },
              { kind: "StringValue", value: "ukraine-nato-membership", block: false },
              { kind: "StringValue", value: "territorial-exchange", block: false },
              { kind: "StringValue", value: "us-russia-trade", block: false },
            ],
          },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "stanceMatrix" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "topics" },
                value: { kind: "Variable", name: { kind: "Name", value: "topics" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "topics" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "slug" } },
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "rows" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "actor" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "__typename" } },
                            { kind: "Field", name: { kind: "Name", value: "slug" } },
                            { kind: "Field", name: { kind: "Name", value: "name" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "cells" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "topic" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [{ kind: "Field", name: { kind: "Name", value: "slug" } }],
                              },
                            },
                            { kind: "Field", name: { kind: "Name", value: "known" } },
                            { kind: "Field", name: { kind: "Name", value: "stance" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "position" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "summary" } },
                                  { kind: "Field", name: { kind: "Name", value: "conditions" } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StanceMatrixQuery, StanceMatrixQueryVariables>;
export const SearchDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Search" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "query" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
          defaultValue: { kind: "StringValue", value: "land swap", block: false },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
          defaultValue: { kind: "IntValue", value: "10" },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "search" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "query" },
                value: { kind: "Variable", name: { kind: "Name", value: "query" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "first" },
                value: { kind: "Variable", name: { kind: "Name", value: "first" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "totalCount" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "edges" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "rank" } },
                      { kind: "Field", name: { kind: "Name", value: "snippet" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "node" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "__typename" } },
                            {
                              kind: "InlineFragment",
                              typeCondition: { kind: "NamedType", name: { kind: "Name", value: "Statement" } },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "text" } },
                                  {
                                    kind: "Field",
                                    name: { kind: "Name", value: "speaker" },
                                    selectionSet: {
                                      kind: "SelectionSet",
                                      selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                                    },
                                  },
                                ],
                              },
                            },
                            {
                              kind: "InlineFragment",
                              typeCondition: { kind: "NamedType", name: { kind: "Name", value: "Position" } },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "stance" } },
                                  { kind: "Field", name: { kind: "Name", value: "summary" } },
                                  {
                                    kind: "Field",
                                    name: { kind: "Name", value: "holder" },
                                    selectionSet: {
                                      kind: "SelectionSet",
                                      selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                                    },
                                  },
                                ],
                              },
                            },
                            {
                              kind: "InlineFragment",
                              typeCondition: { kind: "NamedType", name: { kind: "Name", value: "Topic" } },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "slug" } },
                                  { kind: "Field", name: { kind: "Name", value: "name" } },
                                ],
                              },
                            },
                            {
                              kind: "InlineFragment",
                              typeCondition: { kind: "NamedType", name: { kind: "Name", value: "Event" } },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "slug" } },
                                  { kind: "Field", name: { kind: "Name", value: "title" } },
                                ],
                              },
                            },
                            {
                              kind: "InlineFragment",
                              typeCondition: { kind: "NamedType", name: { kind: "Name", value: "Actor" } },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "slug" } },
                                  { kind: "Field", name: { kind: "Name", value: "name" } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SearchQuery, SearchQueryVariables>;
export const TopicsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Topics" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "topics" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "totalCount" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "nodes" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "slug" } },
                      { kind: "Field", name: { kind: "Name", value: "name" } },
                      { kind: "Field", name: { kind: "Name", value: "description" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TopicsQuery, TopicsQueryVariables>;
