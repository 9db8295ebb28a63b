// The baseline: a bare Node HTTP server answering a fixed JSON body, as GetMacieSession's would look.
import { createServer } from 'node:http';

const body = JSON.stringify({ createdAt: '2026-01-01T00:00:00Z', findingPublishingFrequency: 'FIFTEEN_MINUTES', serviceRole: 'arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie', status: 'ENABLED', updatedAt: '2026-01-01T00:00:00Z' });
const server = createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`));
