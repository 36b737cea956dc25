import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokenVerifier } from '@gridflow/auth';
import { DomainException, ErrorCode, levelOf } from '@gridflow/domain';
import { QueueName, QueueProducer } from '@gridflow/queue';
import { errorBody } from '../common/error-body.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'gf_queue_board';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The queue dashboard (@bull-board) at /admin/queues, for admins only. A browser cannot send
 * a bearer header, so the token may also come once as `?access_token=`, after which it is
 * kept in an HttpOnly cookie limited to this path.
 */
export function mountQueueBoard(app: NestExpressApplication) {
  const producer = app.get(QueueProducer);
  const tokens = app.get(AccessTokenVerifier);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(producer.queue(name))),
    serverAdapter,
  });

  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.access_token === 'string' ? req.query.access_token : null;
    const token =
      AccessTokenVerifier.bearer(req.headers.authorization) ?? fromQuery ?? readCookie(req.headers.cookie, COOKIE);
    try {
      const user = await tokens.verify(token);
      if (user.role !== 'admin') throw new DomainException(ErrorCode.Forbidden, 'The queue dashboard is for admins');
      // Retry, clean, promote, remove, pause…: the whole city's jobs, so only the city's admins.
      if (!READ_METHODS.has(req.method) && levelOf(user.scopeCode) !== 'city') {
        throw new DomainException(ErrorCode.Forbidden, 'Only city admins may change queues and jobs');
      }
      if (fromQuery) {
        res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, maxAge: 3600_000 });
      }
      next();
    } catch (err) {
      const e = err instanceof DomainException ? err : new DomainException(ErrorCode.Unauthenticated, 'Not allowed');
      res.status(e.status).json(errorBody(e.status, e.code, e.message));
    }
  };
  app.use(QUEUE_BOARD_PATH, adminOnly, serverAdapter.getRouter());
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
