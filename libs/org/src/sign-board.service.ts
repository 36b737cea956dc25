import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import QRCode from 'qrcode';
import { Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import type { AuthUser } from '@gridflow/domain';
import { GridsService } from './grids.service.js';
import { OrgUnit } from './org-unit.entity.js';
import { PolicePairingsService } from './police-pairings.service.js';
import { WORKER_TYPE_LABEL } from './worker.entity.js';

/** 网格公示牌: what is posted in the grid, with a QR code that opens the resident request form. */
@Injectable()
export class SignBoardService {
  constructor(
    private readonly grids: GridsService,
    private readonly pairings: PolicePairingsService,
    private readonly config: AppConfig,
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
  ) {}

  async signBoard(actor: AuthUser, code: string) {
    const grid = await this.grids.view(await this.grids.findInScope(actor, code));
    const [pairing, community] = await Promise.all([
      this.pairings.forGrid(code),
      this.units.findOneBy({ code: grid.communityCode }),
    ]);
    const requestUrl = `${this.config.publicBaseUrl}/r/${grid.code}`;
    const qrSvg = await QRCode.toString(requestUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      grid: {
        code: grid.code,
        name: grid.name,
        type: grid.type,
        households: grid.households,
        population: grid.population,
        status: grid.status,
        communityCode: grid.communityCode,
        communityName: community?.name ?? null,
        partyOrgName: grid.partyOrgName,
      },
      workers: grid.workers.map((w) => ({
        name: w.name,
        type: w.type,
        typeLabel: WORKER_TYPE_LABEL[w.type],
        phone: w.phone,
      })),
      police: pairing ? { kind: pairing.kind, label: pairing.label, officer: pairing.officer } : null,
      requestUrl,
      qrSvg,
    };
  }
}
