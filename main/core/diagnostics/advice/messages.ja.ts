import type { MessageKey } from './messages.en';

/** 日本語の文言。キーとパラメータは英語版と同じ(アプリの翻訳と共通)。 */
export const JA: Record<MessageKey, string> = {
  'check.dns': '名前解決',
  'check.tcp': 'TCP 接続',
  'check.banner': 'SSH サーバーのバナー',
  'check.kex': '暗号アルゴリズム',
  'check.hostkey': 'ホスト鍵',
  'check.auth': '認証',
  'check.forwards': '転送ポート',
  'check.targets': '転送先',

  'status.pass': 'OK',
  'status.fail': '失敗',
  'status.warn': '警告',
  'status.skip': 'スキップ',

  'cause.dns-not-found': 'SSH ホスト名を名前解決できません',
  'cause.tcp-refused': '接続が拒否されました(待ち受けがない、またはファイアウォールが拒否)',
  'cause.tcp-timeout':
    '接続に応答がありません(ファイアウォールによる破棄、アドレス誤り、許可リスト)',
  'cause.tcp-reset':
    '接続の確立中に切断されました(ファイアウォール、またはこの IP が許可されていない)',
  'cause.not-ssh': 'そのポートで応答しているのは SSH サーバーではありません',
  'cause.kex-mismatch': 'サーバーと共通の暗号アルゴリズムがありません',
  'cause.hostkey-unknown': 'サーバーのホスト鍵がまだ信頼されていません',
  'cause.hostkey-mismatch': 'サーバーのホスト鍵が変わっています(なりすましの可能性)',
  'cause.auth-rejected': '提示したすべての認証情報がサーバーに拒否されました',
  'cause.key-locked': '秘密鍵が暗号化されており、パスフレーズがない(または誤っている)',
  'cause.key-unreadable': '秘密鍵ファイルがない、読めない、または未対応の形式です',
  'cause.agent-empty': 'SSH エージェントに使える鍵がありません',
  'cause.forward-refused': 'サーバーがポート転送を拒否しました',
  'cause.local-port-in-use': 'このマシンでローカルポートを開けません',
  'cause.target-unreachable': '転送先(ライセンスサーバーなど)が応答しません',
  'cause.keepalive-timeout': 'サーバーがキープアライブに応答しなくなりました',
  'cause.connection-lost': '確立後に接続が切れました',
  'cause.unknown': '予期しないエラー',
  'cause.none': 'すべてのチェックに合格しました。トンネルは動作するはずです。',

  'dns.checkName':
    'ホスト名「{{host}}」の綴りを確認してください(プロバイダーの画面や生成されたバッチスクリプトからコピーしてください)。',
  'dns.checkNetwork':
    'このマシンでインターネットの名前解決ができるか確認してください(DNS 設定、プロキシ、VPN)。`nslookup {{host}}` で試せます。',
  'tcp.refused.checkPort':
    'ポートを確認してください。{{port}} は {{host}} についてプロバイダーが指定する SSH ポートですか?プロバイダーの画面にカスタム SSH ポート(例: 443)が表示されていなければ 22 です。',
  'tcp.outboundFirewall':
    'ネットワーク担当者に、このマシンから {{host}} のポート {{port}} へのアウトバウンド TCP を許可するよう依頼してください(社内ファイアウォール、ゲートウェイ、Windows Defender ファイアウォール)。',
  'tcp.allowList.ip':
    'この拠点のパブリック IP は {{ip}} です。プロバイダーの「許可された IP / CIDR」にこの IP(またはその CIDR 範囲)が含まれているか確認してください。',
  'tcp.allowList.find':
    'この拠点のパブリック IP がプロバイダーの「許可された IP / CIDR」に含まれているか確認してください。IP は `nslookup myip.opendns.com resolver1.opendns.com`(Windows)または `curl ifconfig.me`(Linux/macOS)で確認できます。',
  'tcp.allowList.openTest':
    '許可リストが原因かを確かめるには、プロバイダー側に一時的に 0.0.0.0/0 を追加してこの診断を再実行してください。接続できたら、正しいパブリック IP に置き換えてください。',
  'banner.wrongPort':
    '{{host}}:{{port}} は {{what}}のように応答しています。プロバイダーの画面で SSH ポートを確認してください。途中にプロキシや TLS 検査装置がある可能性もあります。',
  'kex.enable-legacy':
    'サーバーが提示している「{{category}}」のアルゴリズムは古いもの({{server}})だけです。Tunnelkeeper は {{names}} を使えますが、安全性が低いため既定では提示しません。最善はサーバー管理者に新しいアルゴリズムを有効にしてもらうことです。それまでの間は、このプロファイルに {{line}} を追加してください(OpenSSH の {{option}} と同じ意味です)。',
  'kex.upgrade':
    'サーバーが「{{category}}」のアルゴリズムとして提示しているのは {{server}} のみで、Tunnelkeeper が使えるもの({{client}})と共通がありません。サーバー管理者に共通のアルゴリズムを有効にしてもらうか、Tunnelkeeper を更新してください。',
  'hostkey.mismatch':
    '接続しないでください。サーバーが提示した鍵 {{keyType}} {{fingerprint}} は信頼済みの鍵と異なります。{{host}} の鍵が変更されたかプロバイダーに確認し、このフィンガープリントが正しいと確認できた場合のみ登録を置き換えてください。',
  'hostkey.confirm':
    'サーバーのフィンガープリント {{keyType}} {{fingerprint}} をプロバイダーが公開しているものと照合し、一致すれば信頼してください(プロファイルに固定するか、アプリで一度承認)。',
  'auth.keyMissing':
    '鍵ファイル {{path}} がありません。移動または削除された可能性があります。プロバイダーに登録した鍵ペアの秘密鍵をプロファイルに指定してください。',
  'auth.keyFormat':
    '鍵ファイル {{path}} を秘密鍵として読めません。公開鍵(.pub)ではなく秘密鍵であることを確認してください。`tunnelkeeper keys info` で形式を確認できます。',
  'auth.keyLocked':
    '鍵 {{path}} はパスフレーズで保護されています。プロファイルにパスフレーズファイルを設定するか、Tunnelkeeper のエージェントで鍵のロックを解除してください。',
  'auth.wrongPassphrase':
    '{{path}} のパスフレーズが誤っています。パスフレーズファイルの 1 行目を確認してください。',
  'auth.agentEmpty':
    'SSH エージェントに鍵がありません。秘密鍵を読み込んでください(Pageant:「キーを追加」、OpenSSH: `ssh-add`、または Tunnelkeeper のエージェント)。再起動後は読み込み直しが必要です。',
  'auth.secondFactor':
    'サーバーは鍵を受け付けましたが、2 つ目の認証({{methods}})を求めています。無人運転のトンネルには鍵だけでログインできるアカウントが必要です。プロバイダーに確認してください。',
  'auth.agentWrongKey':
    'エージェントが提示した鍵 {{fingerprints}} はサーバーに拒否されました。プロバイダーに公開鍵を登録した鍵を読み込んでください。',
  'auth.noPublickey':
    'このアカウントでは公開鍵認証が許可されていません(許可されている方式: {{methods}})。鍵でのログインを有効にするようプロバイダーに依頼してください。',
  'auth.noCredential':
    'プロファイルに使える認証情報がありません。鍵ファイルを指定するか、エージェントを有効にしてください。',
  'auth.checkUser':
    '{{host}} のユーザー名「{{user}}」を確認してください(プロバイダーのバッチスクリプトの @ の前にあります)。',
  'auth.comparePublicKey':
    'プロバイダーに登録した公開鍵とこの公開鍵を 1 文字ずつ比較してください(メモ帳からコピーすると先頭や末尾の文字が欠けることがよくあります): {{publicKey}} — フィンガープリント {{fingerprint}}。異なる場合は貼り直してください。',
  'auth.ppkToOpenssh':
    '{{path}} は PuTTY(.ppk)形式の鍵です。プロバイダーが OpenSSH 形式を求める場合は変換してください: `tunnelkeeper keys convert {{path}} --to openssh -o key.pem`。',
  'forward.runningNow':
    'このプロファイルのトンネルは現在 Tunnelkeeper で実行中です(PID {{pid}}、{{since}} から)。ポートが使用中なのはそのためで、正常です。ポートを確認するにはいったん停止するか、実行中のトンネルの状態を確認してください。',
  'forward.localInUse':
    'このマシンのローカルポート {{bind}} は使用中です。使用しているプログラム(このプロファイルで既に動いているトンネルを含む)を終了するか、別のポートを選んでください。',
  'forward.staleSession':
    'このトンネルの以前のセッション(クラッシュ、スリープ、回線断の後)がサーバー上でポート {{port}} を保持したままの可能性があります。サーバーがそれを切断するまで数分待ってから再試行してください。',
  'forward.secondTunnel':
    'このプロキシへのトンネルが 1 本だけであることを確認してください。ほかの Tunnelkeeper、plink、ssh(古いタスクスケジューラのタスクなど)を停止してください。プロバイダーは同時に 1 本しか許可していません。',
  'forward.clientAlive':
    '管理しているサーバーであれば、sshd_config に `ClientAliveInterval 15` と `ClientAliveCountMax 3` を設定すると、切れたセッションが 1 分以内に解放されます。',
  'forward.notPermitted':
    'サーバーはこのアカウントにポート {{port}} での待ち受けを許可していません(使用中ではなく、転送が許可されていません)。このポートのリモート転送を許可するよう(AllowTcpForwarding、PermitListen)プロバイダーに依頼してください。',
  'forward.probablyNotPermitted':
    'サーバーはポート {{port}} での待ち受けを拒否しました。このアカウントに許可されていない可能性が高いです(SSH の仕組み上断定はできず、別のアドレスで使用中の可能性もあります)。このポートのリモート転送を許可するよう(AllowTcpForwarding、PermitListen)プロバイダーに依頼してください。',
  'target.resolve':
    '{{host}} はこのマシンで名前解決できません。トンネルはライセンスサーバーの短いホスト名を解決できるマシン(DNS または hosts ファイル)で実行してください。',
  'target.prohibited':
    'サーバーは {{target}} への転送を許可していません。サーバー管理者に確認してください。',
  'target.serviceDown':
    '{{target}}({{label}})が応答しません。ライセンスサーバーが起動していてライセンスサービス(lmgrd または rlm)が動作しているか、ファイアウォールがこのマシンからの接続を許可しているか確認してください。',
  'target.vendorPort':
    '{{target}} がベンダーデーモンのポートの場合、固定していないと再起動のたびに変わります。ライセンスファイルの VENDOR 行(FlexLM)または ISV 行(RLM)に port={{port}} を追加し、ライセンスサービスを再起動して、トンネルでも同じポートを使ってください。',
  'target.licenseStatus':
    'ライセンスサーバーで状態を確認してください(`lmutil lmstat -a -c <ポート>@<ホスト>` または RLM のウェブ管理画面)。ライセンスの有効期限が切れていないかも確認してください。',
  'generic.keepalive':
    '回線が無応答になりました。トンネルは常時稼働のマシン(ライセンスサーバーなど)で実行し、スリープを無効にして、ネットワークを確認してください。',
  'generic.connectionLost':
    '確立後にセッションが切れました。Tunnelkeeper は自動で再接続します。繰り返す場合はネットワーク経路とサーバーのログを確認してください。',
  'generic.unknown':
    '予期しないエラー: {{detail}}。診断バンドルをエクスポートしてサポートに送ってください。',
  // ---- チェックの詳細(CheckResult.detailKey)と、その中で使う語
  'list.separator': '、',
  'detail.raw': '{{raw}}',
  'detail.list': '{{items}}',
  'detail.failure': '{{cause}}(詳細: {{raw}})',
  'detail.none': '(なし)',
  'detail.unknown': '(不明)',
  'detail.needsSession': 'SSH セッションが必要です',
  'detail.skip.failed': '実行していません(「{{title}}」のチェックが失敗したため)',
  'detail.skip.incomplete': '実行していません(前のチェックが完了しなかったため)',
  'detail.dns.ip': '{{host}} は IP アドレスです(名前解決は不要です)',
  'detail.dns.resolved': '{{host}} → {{addresses}}',
  'detail.dns.notFound': '{{host}} を名前解決できません({{code}})',
  'detail.tcp.connected': '{{address}} に接続しました({{ms}} ms)',
  'detail.tcp.failed': '{{address}}: {{reason}} [{{code}}]',
  'detail.tcp.noAddress': '接続先のアドレスがありません',
  'detail.tcp.refused': '接続が拒否されました(待ち受けがないか、ファイアウォールが拒否しています)',
  'detail.tcp.timeout':
    '応答がありません(ファイアウォールがパケットを破棄しているか、アドレスが誤っています)',
  'detail.tcp.reset': '接続がリセットされました(ファイアウォールまたはサーバーが切断しました)',
  'detail.tcp.unreachable': 'ホストへの経路がありません',
  'detail.tcp.blocked': 'このマシンでブロックされました(ローカルのファイアウォールまたはポリシー)',
  'detail.tcp.other': '失敗しました',
  'detail.tcp.cutAfterConnect': '{{address}} に接続しましたが、{{what}}',
  'detail.tcp.closedBeforeBanner': 'SSH バナーを送る前にサーバーが接続を閉じました',
  'detail.tcp.resetBeforeBanner': 'SSH バナーの前に接続がリセットされました [{{code}}]',
  'detail.banner.ok': '{{banner}}',
  'detail.banner.okAfterText': '{{banner}}({{lines}} 行のテキストの後)',
  'detail.banner.ssh1':
    '{{banner}}: SSH プロトコル 1 にしか対応していないサーバーです(Tunnelkeeper は SSH プロトコル 1 に対応していません)',
  'detail.banner.other':
    '{{host}}:{{port}} は SSH ではなく {{what}}のように応答しました: {{excerpt}}',
  'detail.banner.silent':
    '接続しましたが、{{ms}} ms 待っても何も送られてきませんでした(SSH サーバーは接続するとすぐに応答します。プロキシや TLS のサービスはクライアントからの送信を待ちます)',
  'detail.banner.closed': 'バナーを受け取る前に接続が閉じられました',
  'detail.banner.reset': 'バナーを受け取る前に接続がリセットされました',
  'detail.kex.unreadable':
    'サーバーのアルゴリズム一覧(KEXINIT)を読み取れませんでした。SSH セッションで確認します',
  'detail.kex.mismatch':
    '「{{category}}」のアルゴリズムに共通のものがありません。サーバーが提示: {{server}}。Tunnelkeeper が提示: {{client}}',
  'detail.kex.agreed':
    '使用するアルゴリズム: 鍵交換 {{kex}}、ホスト鍵 {{hostKey}}、暗号 {{cipher}}',
  'detail.hostkey.mismatch':
    'サーバーが提示したホスト鍵 {{keyType}} {{fingerprint}} は、信頼済みの鍵({{trusted}})と異なります',
  'detail.hostkey.unknown':
    'サーバーが提示したホスト鍵は {{keyType}} {{fingerprint}} です。信頼済みの鍵: {{trusted}}',
  'detail.hostkey.new':
    '{{keyType}} {{fingerprint}} は初めてのホスト鍵です。accept-new ポリシーにより初回の接続で記録されます',
  'detail.hostkey.ok': '{{keyType}} {{fingerprint}} は信頼済みの鍵({{trusted}})と一致します',
  'detail.hostkey.ended':
    'ホスト鍵を受け取る前に SSH ハンドシェイクが終了しました: {{cause}}(詳細: {{raw}})',
  'detail.hostkey.endedNoReason':
    'ホスト鍵を受け取る前に SSH ハンドシェイクが終了しました(理由は不明です)',
  'detail.hostkey.trustUnreadable': 'ホスト鍵を確認できません(詳細: {{raw}})',
  'detail.auth.accepted': '{{credential}} で認証されました',
  'detail.auth.acceptedWithout': '認証情報なしでログインできました',
  'detail.auth.rejected': 'サーバーが許可する方式: {{methods}}。試した認証情報: {{tried}}',
  'detail.auth.rejectedPartial':
    'サーバーが許可する方式: {{methods}}。試した認証情報: {{tried}}。一部成功: サーバーは追加の認証を求めています',
  'detail.auth.attempt': '{{credential}} → {{result}}',
  'detail.auth.withKeys': '{{credential}} [{{fingerprints}}]',
  'detail.auth.key': '秘密鍵 {{path}}',
  'detail.auth.agent': 'エージェント {{socket}}',
  'detail.auth.password': '保存済みのパスワード',
  'detail.auth.nothingOffered': '提示できる認証情報がありません',
  'detail.auth.notAllowed': 'サーバーが {{method}} を許可していません',
  'detail.auth.keyNotUsable': '秘密鍵 {{path}} を使えません: {{problem}}',
  'detail.auth.agentEmpty': 'エージェント {{socket}} に鍵がありません',
  'detail.auth.agentUnavailable': 'エージェントを利用できません(詳細: {{raw}})',
  'detail.auth.agentNoAnswer': 'エージェントを利用できません(応答がありません)',
  'detail.auth.agentBuiltin':
    'エージェントを確認できません(Tunnelkeeper 内蔵のエージェントの鍵は、実行中のアプリまたは `up` の中にだけあります)',
  'detail.auth.agentUnset':
    'エージェントを利用できません(エージェントが設定されていません。SSH_AUTH_SOCK が未設定です)',
  'detail.auth.passwordUnreadable':
    '保存済みのパスワードが設定されていますが、ここでは読み取れません(読み取れるのはアプリだけです)',
  'detail.forward.none': 'このプロファイルには転送がありません',
  'detail.forward.allSkipped': 'リモート転送の待ち受けを確認するには SSH セッションが必要です',
  'detail.forward.line': '{{type}} {{id}} {{bind}}: {{result}}',
  'detail.forward.lineConfidence': '{{type}} {{id}} {{bind}}: {{result}}(確度: {{confidence}})',
  'detail.forward.remoteOk': 'サーバーが待ち受けを受け付けました(確認後に解放しました)',
  'detail.forward.inUse':
    '拒否されました: サーバー上でポート {{port}} は既に使用中です(そのポートで接続を受け付けているものがあります。以前のセッションが残っているか、2 本目のトンネルです)',
  'detail.forward.portRefused':
    '拒否されました: サーバーはほかのポート(試したポート: {{other}})での待ち受けは許可しますが、{{port}} は許可しません。そのポートでは何も応答しないため、サーバーの設定(PermitListen)で許可されていないか、別のアドレスで使われている可能性があります',
  'detail.forward.notPermitted':
    '拒否されました: サーバーはリモート転送の待ち受けをすべて(サーバーが選ぶポートも)拒否しています。このアカウントにはこのポートの転送が許可されていません(AllowTcpForwarding / PermitListen)',
  'detail.forward.notPermittedNothingListens':
    '拒否されました: サーバーはリモート転送の待ち受けをすべて(サーバーが選ぶポートも)拒否しており、そのポートで待ち受けているものもありません。このアカウントにはこのポートの転送が許可されていません(AllowTcpForwarding / PermitListen)',
  'detail.forward.localFailed': '{{reason}} [{{code}}]',
  'detail.forward.localInUse':
    'このマシンで既に使用中です(別のプログラム、または既に実行中のこのトンネル)',
  'detail.forward.localDenied':
    'このマシンでは使用を許可されていません(特権ポートまたは予約済みのポート)',
  'detail.forward.localNotHere': '待ち受けアドレスがこのマシンのアドレスではありません',
  'detail.forward.localFree': 'このマシンで空いています(確保して解放しました)',
  'detail.forward.runningNow':
    'このプロファイルのトンネルが現在実行中です({{host}} の PID {{pid}})',
  'detail.target.none': '転送先が決まっている転送はありません',
  'detail.target.line': '{{target}}({{label}}、{{from}}から): {{result}}',
  'detail.target.fromHere': 'このマシン',
  'detail.target.fromServer': 'サーバー',
  'detail.target.answers': '応答があります',
  'detail.target.answersViaServer': '応答があります(サーバー経由)',
  'detail.target.failed': '{{reason}} [{{code}}]',
  'detail.target.refused':
    '拒否されました: そのポートで待ち受けているものがありません(サービスが停止しているか、ポートが変わっています)',
  'detail.target.timeout':
    '応答がありません(ホストが停止しているか、ファイアウォールが破棄しています)',
  'detail.target.notFound': 'このマシンではホスト名を名前解決できません',
  'detail.target.dnsDown': 'ホスト名を名前解決できませんでした(DNS が応答しません)',
  'detail.target.noRoute': 'ホストへの経路がありません',
  'detail.target.other': '失敗しました',
  'detail.target.prohibited':
    'サーバーがこの転送先への転送を許可していません(SSH_OPEN_ADMINISTRATIVELY_PROHIBITED)',
  'detail.target.serverFailed': 'サーバーから接続できませんでした(詳細: {{raw}})',
  'detail.chain.hop': '踏み台サーバー {{n}}({{address}})',
  'detail.chain.proxy': '{{type}} プロキシ({{address}})',
  'detail.chain.proxyType': '{{type}} プロキシ',
  'detail.chain.target': '接続先({{address}})',
  'detail.chain.whole': '経路全体',
  'detail.chain.path': '{{from}} → {{to}}',
  'detail.chain.passed': '{{hop}}: このチェックは通過しました(失敗したのは「{{title}}」です)',
  'detail.chain.timeout': '経路({{chain}})が {{ms}} ms 以内に開きませんでした',
  'detail.chain.resolved': '{{target}}: 最後の踏み台サーバーが名前解決しました(経路: {{chain}})',
  'detail.chain.reached':
    '{{target}}: {{chain}} を経由して到達しました。すべての踏み台サーバーでホスト鍵を検証し、認証しました',
  'detail.chain.banner': '経路を通じて SSH サーバーが応答しました',
  'detail.chain.kex': '経路を通じて鍵交換が成立しました',
  'detail.chain.failure': '{{where}}: {{cause}}(詳細: {{raw}})',

  'trust.pinned': '固定されたフィンガープリント {{fingerprints}}',
  'trust.knownHosts': 'known_hosts ファイル {{path}}',
  'trust.none': 'なし(固定されたフィンガープリントも known_hosts ファイルもありません)',
  'hostkey.anyType': '鍵',
  'attempt.rejected': '拒否されました',
  'attempt.accepted': '受け付けられました',
  'attempt.partial': '一部成功(追加の認証が必要)',
  'attempt.not-offered': '提示していません',
  'keyProblem.key-unreadable': 'ファイルがないか、読めないか、未対応の形式です',
  'keyProblem.key-locked': '暗号化されていますが、パスフレーズが指定されていません',
  'keyProblem.wrong-passphrase': 'パスフレーズが誤っています',
  'keyProblem.corrupt': '壊れています(チェックサムまたは鍵の構成要素が一致しません)',
  'keyProblem.unsupported': 'Tunnelkeeper が扱えない形式または鍵の種類です',
  'forwardType.local': 'ローカル転送',
  'forwardType.remote': 'リモート転送',
  'forwardType.dynamic': '動的転送',
  'proxyType.http': 'HTTP',
  'proxyType.socks5': 'SOCKS5',
  'proxyType.socks4a': 'SOCKS4a',
  'confidence.high': '高',
  'confidence.medium': '中',
  'confidence.low': '低',
  'kexCategory.kex': '鍵交換',
  'kexCategory.hostKey': 'ホスト鍵',
  'kexCategory.cipher': '暗号',
  'kexCategory.mac': 'MAC',
  'kexCategory.compression': '圧縮',
  'what.tls': 'TLS サーバー(HTTPS、FTPS など)',
  'what.http': 'HTTP サーバー',
  'what.ftpSmtp': 'FTP または SMTP サーバー',
  'what.mail': 'メールサーバー(POP3/IMAP)',
  'what.vnc': 'VNC サーバー',
  'what.text': 'SSH 以外のサーバー',
  'what.binary': 'SSH 以外のバイナリプロトコル',
  'what.silent': '何も送ってこないサービス',
  'license.1055': 'ANSYS ライセンス(FlexLM)',
  'license.2325': 'ANSYS ライセンシングインターコネクト',
  'license.1999': 'STAR-CCM+ ライセンス(FlexLM)',
  'license.1718': 'COMSOL ライセンス(FlexLM)',
  'license.2765': 'CONVERGE ライセンス(RLM)',
  'license.5053': 'RLM ライセンス',
  'license.31010': 'LS-DYNA ライセンス(LSTC)',
  'license.flexlm': 'FlexLM ライセンス(Abaqus など)',
  'label.none': 'ラベルなし',
};
