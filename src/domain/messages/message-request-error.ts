/** A send request that cannot be carried out as a whole: the operation answers 400 naming `member`. */
export class MessageRequestError extends Error {
  constructor(
    readonly member: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRequestError';
  }
}
