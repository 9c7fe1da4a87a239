// The `smpp` package (0.5.1) ships no types: only the part Pinion uses (the session over a socket
// Pinion opens itself, PDUs, and the server the tests run as an SMSC).
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /**
   * A PDU: the header fields plus the command's parameters and TLVs by their specification names
   * (system_id, short_message, receipted_message_id …). Decoded text parameters (short_message,
   * message_payload) read as `{ message: string | Buffer, udh?: Buffer[] }`.
   */
  export interface SmppPdu {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [parameter: string]: unknown;
    isResponse(): boolean;
    /** The response PDU to this request (generic_nack for an unknown command). */
    response(options?: Record<string, unknown>): SmppPdu;
    /** The PDU's wire octets. */
    toBuffer(): Buffer;
  }

  export interface SmppSession extends EventEmitter {
    readonly socket: Socket;
    /** Sends a PDU (a request gets the next sequence number); false when the socket is not writable. */
    send(pdu: SmppPdu, responseCallback?: (response: SmppPdu) => void, sendCallback?: (pdu: SmppPdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    on(event: 'pdu', listener: (pdu: SmppPdu) => void): this;
    on(event: 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (pdu: SmppPdu) => void): this;
  }

  export interface SmppServer extends NetServer {
    readonly sessions: SmppSession[];
  }

  interface SmppModule {
    PDU: {
      new (command: string, options?: Record<string, unknown>): SmppPdu;
      /** Decodes wire octets. */
      new (buffer: Buffer): SmppPdu;
    };
    Session: new (options: { socket: Socket }) => SmppSession;
    createServer(options: Record<string, unknown>, listener: (session: SmppSession) => void): SmppServer;
  }

  const smpp: SmppModule;
  export default smpp;
}
