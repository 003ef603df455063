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
    '{{host}}:{{port}} は {{what}} のように応答しています。プロバイダーの画面で SSH ポートを確認してください。途中にプロキシや TLS 検査装置がある可能性もあります。',
  'kex.enable-legacy':
    'サーバーが提示している {{category}} は古いアルゴリズム({{server}})だけです。Tunnelkeeper は {{names}} を使えますが、安全性が低いため既定では提示しません。最善はサーバー管理者に新しいアルゴリズムを有効にしてもらうことです。それまでの間は、このプロファイルに {{line}} を追加してください(OpenSSH の {{option}} と同じ意味です)。',
  'kex.upgrade':
    'サーバーが {{category}} に提示しているのは {{server}} のみで、Tunnelkeeper が使えるもの({{client}})と共通がありません。サーバー管理者に共通のアルゴリズムを有効にしてもらうか、Tunnelkeeper を更新してください。',
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
    'このプロファイルのトンネルは現在 Tunnelkeeper で実行中です(pid {{pid}}、{{since}} から)。ポートが使用中なのはそのためで、正常です。ポートを確認するにはいったん停止するか、実行中のトンネルの状態を確認してください。',
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
    'ライセンスサーバーで状態を確認してください(`lmutil lmstat -a -c <ポート>@<ホスト>` または RLM の Web 画面)。ライセンスの有効期限が切れていないかも確認してください。',
  'generic.keepalive':
    '回線が無応答になりました。トンネルは常時稼働のマシン(ライセンスサーバーなど)で実行し、スリープを無効にして、ネットワークを確認してください。',
  'generic.connectionLost':
    '確立後にセッションが切れました。Tunnelkeeper は自動で再接続します。繰り返す場合はネットワーク経路とサーバーのログを確認してください。',
  'generic.unknown':
    '予期しないエラー: {{detail}}。診断バンドルをエクスポートしてサポートに送ってください。',
};
