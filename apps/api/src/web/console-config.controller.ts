import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@gridflow/auth';
import { AppConfig } from '@gridflow/config';

/** Deployment settings the web console reads at start (public: the login page needs them too). */
@ApiTags('public')
@Public()
@Controller('public')
export class ConsoleConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get('console-config')
  @ApiOperation({
    summary:
      "The console's map tiles (WEB_TILE_URL…; null: grid polygons on a blank map) and the residents' public address (PUBLIC_BASE_URL: tracking links on a printed 六联单)",
  })
  consoleConfig() {
    const tiles = this.config.webTiles;
    return {
      tileUrl: tiles?.url ?? null,
      tileAttribution: tiles?.attribution ?? null,
      tileSubdomains: tiles?.subdomains ?? null,
      publicBaseUrl: this.config.publicBaseUrl,
    };
  }
}
